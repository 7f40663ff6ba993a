#include "secrets/secret_names.hpp"

#include <catch2/catch.hpp>

using dtx::secrets::is_secret_name;

TEST_CASE("the official images' password variables are secret", "[util][mask]") {
    for (const char* name :
         {"POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD",
          "REDIS_PASSWORD", "MINIO_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "MYSQL_PWD",
          "RABBITMQ_DEFAULT_PASS", "GITHUB_TOKEN", "API_KEY", "MINIO_SECRET_KEY", "db_password", "SSH_PASSPHRASE"}) {
        INFO(name);
        CHECK(is_secret_name(name));
    }
}

TEST_CASE("names that point at a secret, identify a key or switch a feature are not secret", "[util][mask]") {
    for (const char* name :
         {"POSTGRES_USER", "POSTGRES_DB", "AWS_ACCESS_KEY_ID", "POSTGRES_PASSWORD_FILE", "MYSQL_ALLOW_EMPTY_PASSWORD",
          "MYSQL_RANDOM_ROOT_PASSWORD", "MYSQL_ONETIME_PASSWORD", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
          "POSTGRES_HOST_AUTH_METHOD", "KEYCLOAK_URL", "MONKEY", "COMPASS", "PATH", ""}) {
        INFO(name);
        CHECK_FALSE(is_secret_name(name));
    }
}
