#include "kind/kind.hpp"

#include <catch2/catch.hpp>

using namespace dtx::kind;
using Env = std::map<std::string, std::string>;

TEST_CASE("official database images are detected by repository name", "[probe]") {
    CHECK(detect_kind("postgres:16") == Kind::postgres);
    CHECK(detect_kind("docker.io/library/postgres") == Kind::postgres);
    CHECK(detect_kind("mysql:8") == Kind::mysql);
    CHECK(detect_kind("redis:7") == Kind::redis);
    CHECK(detect_kind("memcached:1.6") == Kind::memcached);
}

TEST_CASE("third-party images are detected by their last path component", "[probe]") {
    CHECK(detect_kind("bitnami/postgresql") == Kind::postgres);
    CHECK(detect_kind("dtx-test/mariadb:10.11") == Kind::mysql);
    CHECK(detect_kind("valkey/valkey") == Kind::redis);
    CHECK(detect_kind("timescale/timescaledb:latest-pg16") == Kind::postgres);
    CHECK(detect_kind("postgis/postgis:16-3.4") == Kind::postgres);
}

TEST_CASE("an image of no known kind is generic", "[probe]") {
    CHECK(detect_kind("nginx") == Kind::generic);
    CHECK(detect_kind("ghcr.io/acme/api:1.2") == Kind::generic);
}

TEST_CASE("a registry host port is not mistaken for a tag", "[probe]") {
    CHECK(detect_kind("registry:5000/postgres:15") == Kind::postgres);
    CHECK(detect_kind("registry:5000/postgres") == Kind::postgres);
    CHECK(detect_kind("localhost:5000/nginx") == Kind::generic);
}

TEST_CASE("a digest reference is detected by its repository", "[probe]") {
    CHECK(detect_kind("redis@sha256:0123abcd") == Kind::redis);
    CHECK(detect_kind("library/mysql:8@sha256:0123abcd") == Kind::mysql);
}

TEST_CASE("an exporter named after a database is not that database", "[probe]") {
    // Prometheus exporters speak HTTP; probing them as the database never succeeds.
    CHECK(detect_kind("prom/mysqld-exporter") == Kind::generic);
    CHECK(detect_kind("oliver006/redis_exporter") == Kind::generic);
    CHECK(detect_kind("prometheuscommunity/postgres-exporter") == Kind::generic);
}

TEST_CASE("each kind has its name and default port", "[probe]") {
    CHECK(std::string(kind_name(Kind::postgres)) == "postgres");
    CHECK(std::string(kind_name(Kind::generic)) == "generic");
    CHECK(default_port(Kind::postgres) == 5432);
    CHECK(default_port(Kind::mysql) == 3306);
    CHECK(default_port(Kind::redis) == 6379);
    CHECK(default_port(Kind::memcached) == 11211);
    CHECK_FALSE(default_port(Kind::generic).has_value());
}

TEST_CASE("postgres logs in as postgres into a database named after the user by default", "[probe]") {
    auto c = credentials_for(Kind::postgres, {}, {});
    CHECK(c.user == "postgres");
    CHECK(c.password.empty());
    CHECK(c.database == "postgres");
}

TEST_CASE("postgres reads user, password and database from the official variables", "[probe]") {
    auto c = credentials_for(Kind::postgres, Env{{"POSTGRES_USER", "app"}, {"POSTGRES_PASSWORD", "pw"}}, {});
    CHECK(c.user == "app");
    CHECK(c.password == "pw");
    CHECK(c.database == "app");
    CHECK(credentials_for(Kind::postgres, Env{{"POSTGRES_DB", "shop"}}, {}).database == "shop");
}

TEST_CASE("mysql logs in as the configured user when it has a password", "[probe]") {
    auto c = credentials_for(Kind::mysql,
                             Env{{"MYSQL_USER", "app"},
                                 {"MYSQL_PASSWORD", "pw"},
                                 {"MYSQL_ROOT_PASSWORD", "root-pw"},
                                 {"MYSQL_DATABASE", "shop"}},
                             {});
    CHECK(c.user == "app");
    CHECK(c.password == "pw");
    CHECK(c.database == "shop");
}

TEST_CASE("mysql falls back to root and the root password without a complete user", "[probe]") {
    auto c = credentials_for(Kind::mysql, Env{{"MYSQL_USER", "app"}, {"MYSQL_ROOT_PASSWORD", "root-pw"}}, {});
    CHECK(c.user == "root");
    CHECK(c.password == "root-pw");
    CHECK(c.database.empty());
}

TEST_CASE("mariadb's own variable names are read too", "[probe]") {
    auto c = credentials_for(Kind::mysql, Env{{"MARIADB_ROOT_PASSWORD", "r"}, {"MARIADB_DATABASE", "db"}}, {});
    CHECK(c.user == "root");
    CHECK(c.password == "r");
    CHECK(c.database == "db");
}

TEST_CASE("redis takes its password from --requirepass in the command", "[probe]") {
    auto c = credentials_for(Kind::redis, {}, {"redis-server", "--appendonly", "yes", "--requirepass", "s3cret"});
    CHECK(c.password == "s3cret");
    CHECK(c.user.empty());
}

TEST_CASE("redis without a password has none", "[probe]") {
    CHECK(credentials_for(Kind::redis, {}, {"redis-server"}).password.empty());
    CHECK(credentials_for(Kind::redis, {}, {"redis-server", "--requirepass"}).password.empty());
}

TEST_CASE("generic and memcached services have no credentials", "[probe]") {
    auto c = credentials_for(Kind::generic, Env{{"POSTGRES_USER", "x"}}, {"--requirepass", "y"});
    CHECK(c.user.empty());
    CHECK(c.password.empty());
    CHECK(c.database.empty());
}

TEST_CASE("minio's keys are its root user, minioadmin when the service sets none", "[probe]") {
    auto c = credentials_for(Kind::s3, {}, {}, "minio/minio:RELEASE.2024");
    CHECK(c.user == "minioadmin");
    CHECK(c.password == "minioadmin");
    CHECK(c.region.empty());
    auto set = credentials_for(
        Kind::s3, Env{{"MINIO_ROOT_USER", "admin"}, {"MINIO_ROOT_PASSWORD", "secret"}, {"MINIO_REGION", "eu-west-1"}},
        {}, "quay.io/minio/minio");
    CHECK(set.user == "admin");
    CHECK(set.password == "secret");
    CHECK(set.region == "eu-west-1");
}

TEST_CASE("an s3 service of another image is minio when it sets minio's variables", "[probe]") {
    auto c = credentials_for(Kind::s3, Env{{"MINIO_ACCESS_KEY", "old"}, {"MINIO_SECRET_KEY", "style"}}, {}, "my/s3");
    CHECK(c.user == "old");
    CHECK(c.password == "style");
}

TEST_CASE("localstack and dynamodb-local take any key: no credentials, only the region they were given", "[probe]") {
    auto localstack =
        credentials_for(Kind::s3, Env{{"AWS_DEFAULT_REGION", "eu-central-1"}}, {}, "localstack/localstack");
    CHECK(localstack.user.empty());
    CHECK(localstack.password.empty());
    CHECK(localstack.region == "eu-central-1");
    auto dynamodb = credentials_for(Kind::dynamodb, Env{{"AWS_REGION", "us-west-2"}}, {}, "amazon/dynamodb-local");
    CHECK(dynamodb.user.empty());
    CHECK(dynamodb.region == "us-west-2");
}

TEST_CASE("the kind named none is generic, the kind that turns detection off", "[probe]") {
    CHECK(kind_named("none") == Kind::generic);
    CHECK(kind_named("generic") == Kind::generic);
    CHECK_FALSE(kind_named("nothing").has_value());
}

TEST_CASE("the variables an official image sets tell its kind to the images built from it", "[probe]") {
    using dtx::kind::kind_from_image_env;
    auto pg = kind_from_image_env({"PATH=/usr/bin", "PG_MAJOR=16", "PG_VERSION=16.4"});
    REQUIRE(pg);
    CHECK(pg->kind == dtx::kind::Kind::postgres);
    CHECK(pg->variable == "PG_MAJOR");
    CHECK(kind_from_image_env({"MARIADB_VERSION=1:10.11.6"})->kind == dtx::kind::Kind::mysql);
    CHECK(kind_from_image_env({"MYSQL_MAJOR=8.0", "MYSQL_VERSION=8.0.36"})->variable == "MYSQL_VERSION");
    CHECK(kind_from_image_env({"REDIS_VERSION=7.2.5"})->kind == dtx::kind::Kind::redis);
    CHECK(kind_from_image_env({"MEMCACHED_VERSION=1.6.29"})->kind == dtx::kind::Kind::memcached);
    CHECK_FALSE(kind_from_image_env({}));
    CHECK_FALSE(kind_from_image_env({"PG_MAJOR"}));  // no value: not the official form
    CHECK_FALSE(kind_from_image_env({"PG_MAJOR_X=1", "X_REDIS_VERSION=7"}));
}
