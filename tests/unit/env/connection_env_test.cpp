#include "env/connection_env.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dtx::env;
using dtx::kind::Kind;

namespace {

const std::string k_client_hint = ", or give the one that is only a client x-dtx.kind: generic";

ServiceEndpoint endpoint(std::string service, Kind kind, std::map<std::uint16_t, std::uint16_t> ports,
                         std::optional<std::uint16_t> main, dtx::kind::Credentials credentials = {}) {
    ServiceEndpoint e;
    e.service = std::move(service);
    e.kind = kind;
    e.host = "127.0.0.1";
    e.tcp_ports = std::move(ports);
    e.main_port = main;
    e.credentials = std::move(credentials);
    return e;
}

ServiceEndpoint postgres(std::string name = "db", std::uint16_t host_port = 49153) {
    return endpoint(std::move(name), Kind::postgres, {{5432, host_port}}, 5432, {"app", "p@ss:w/rd", "shop"});
}

ServiceEndpoint redis(std::string name = "cache", std::uint16_t host_port = 49154, std::string password = "") {
    return endpoint(std::move(name), Kind::redis, {{6379, host_port}}, 6379, {"", std::move(password), ""});
}

std::optional<std::string> find(const EnvList& env, const std::string& key) {
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == key; });
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

TEST_CASE("env_key upper-cases and turns every other character into an underscore", "[session]") {
    CHECK(env_key("my-db") == "MY_DB");
    CHECK(env_key("db2") == "DB2");
    CHECK(env_key("a.b") == "A_B");
    CHECK(env_key("Cache_1") == "CACHE_1");
}

TEST_CASE("a postgres URL percent-encodes the password and disables TLS", "[session]") {
    CHECK(service_url(postgres()) == "postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:49153/shop?sslmode=disable");
}

TEST_CASE("a mysql URL names user, password and database", "[session]") {
    auto e = endpoint("sql", Kind::mysql, {{3306, 33060}}, 3306, {"root", "pw", "shop"});
    CHECK(service_url(e) == "mysql://root:pw@127.0.0.1:33060/shop");
}

TEST_CASE("a redis URL without a password has no user info", "[session]") {
    CHECK(service_url(redis()) == "redis://127.0.0.1:49154/0");
}

TEST_CASE("a redis URL with a password logs in as the default user", "[session]") {
    CHECK(service_url(redis("cache", 49154, "s3 cret")) == "redis://default:s3%20cret@127.0.0.1:49154/0");
}

TEST_CASE("a memcached URL is host and port", "[session]") {
    CHECK(service_url(endpoint("mc", Kind::memcached, {{11211, 49160}}, 11211)) == "memcached://127.0.0.1:49160");
}

TEST_CASE("a generic service has no URL", "[session]") {
    CHECK(service_url(endpoint("web", Kind::generic, {{80, 49161}}, 80)).empty());
}

TEST_CASE("a service whose main port is not published has no URL", "[session]") {
    CHECK(service_url(endpoint("db", Kind::postgres, {}, 5432)).empty());
    CHECK(service_url(endpoint("db", Kind::postgres, {{5432, 49153}}, std::nullopt)).empty());
}

TEST_CASE("a URL to an IPv6 host puts the address in brackets", "[session]") {
    auto e = redis();
    e.host = "::1";
    CHECK(service_url(e) == "redis://[::1]:49154/0");
}

TEST_CASE("connection_env lists every variable in a stable order", "[session]") {
    auto web = endpoint("web", Kind::generic, {{80, 49155}, {8080, 49156}}, 8080);
    auto env = connection_env("r1", "dtx-r1", {postgres(), redis(), web});
    const std::string db_url = "postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:49153/shop?sslmode=disable";
    EnvList expected = {
        {"DTX_DB_HOST", "127.0.0.1"},
        {"DTX_DB_PORT", "49153"},
        {"DTX_DB_ADDR", "127.0.0.1:49153"},
        {"DTX_DB_PORT_5432", "49153"},
        {"DTX_DB_URL", db_url},
        {"DTX_CACHE_HOST", "127.0.0.1"},
        {"DTX_CACHE_PORT", "49154"},
        {"DTX_CACHE_ADDR", "127.0.0.1:49154"},
        {"DTX_CACHE_PORT_6379", "49154"},
        {"DTX_CACHE_URL", "redis://127.0.0.1:49154/0"},
        {"DTX_WEB_HOST", "127.0.0.1"},
        {"DTX_WEB_PORT", "49156"},
        {"DTX_WEB_ADDR", "127.0.0.1:49156"},
        {"DTX_WEB_PORT_80", "49155"},
        {"DTX_WEB_PORT_8080", "49156"},
        {"PGHOST", "127.0.0.1"},
        {"PGPORT", "49153"},
        {"PGUSER", "app"},
        {"PGPASSWORD", "p@ss:w/rd"},
        {"PGDATABASE", "shop"},
        {"DATABASE_URL", db_url},
        {"REDIS_URL", "redis://127.0.0.1:49154/0"},
        {"DTX_RUN_ID", "r1"},
        {"DTX_NETWORK", "dtx-r1"},
    };
    CHECK(env == expected);
}

TEST_CASE("a service name with a dash becomes an underscore in its variables", "[session]") {
    auto env = connection_env("r1", "dtx-r1", {postgres("main-db")});
    CHECK(find(env, "DTX_MAIN_DB_PORT") == "49153");
}

TEST_CASE("two postgres services get no PG variables and no DATABASE_URL", "[session]") {
    auto env = connection_env("r1", "dtx-r1", {postgres("a", 1001), postgres("b", 1002)});
    CHECK_FALSE(find(env, "PGHOST"));
    CHECK_FALSE(find(env, "DATABASE_URL"));
    CHECK(find(env, "DTX_A_PORT") == "1001");
    CHECK(find(env, "DTX_B_PORT") == "1002");
}

TEST_CASE("postgres next to mysql keeps PG variables but gets no DATABASE_URL", "[session]") {
    auto mysql = endpoint("sql", Kind::mysql, {{3306, 33060}}, 3306, {"root", "pw", ""});
    auto env = connection_env("r1", "dtx-r1", {postgres(), mysql});
    CHECK(find(env, "PGPORT") == "49153");
    CHECK(find(env, "MYSQL_TCP_PORT") == "33060");
    CHECK(find(env, "MYSQL_PWD") == "pw");
    CHECK_FALSE(find(env, "DATABASE_URL"));
}

TEST_CASE("a single mysql database is the DATABASE_URL", "[session]") {
    auto mysql = endpoint("sql", Kind::mysql, {{3306, 33060}}, 3306, {"root", "pw", "shop"});
    auto env = connection_env("r1", "dtx-r1", {mysql, redis()});
    CHECK(find(env, "DATABASE_URL") == "mysql://root:pw@127.0.0.1:33060/shop");
    CHECK(find(env, "MYSQL_HOST") == "127.0.0.1");
}

TEST_CASE("two redis services get no REDIS_URL", "[session]") {
    auto env = connection_env("r1", "dtx-r1", {redis("a", 1), redis("b", 2)});
    CHECK_FALSE(find(env, "REDIS_URL"));
    CHECK(find(env, "DTX_A_URL") == "redis://127.0.0.1:1/0");
}

TEST_CASE("a single memcached is MEMCACHED_SERVERS", "[session]") {
    auto env = connection_env("r1", "dtx-r1", {endpoint("mc", Kind::memcached, {{11211, 49160}}, 11211)});
    CHECK(find(env, "MEMCACHED_SERVERS") == "127.0.0.1:49160");
}

TEST_CASE("a service without a published main port gets no variables", "[session]") {
    auto env = connection_env("r1", "dtx-r1", {endpoint("db", Kind::postgres, {}, 5432)});
    CHECK(env == EnvList{{"DTX_RUN_ID", "r1"}, {"DTX_NETWORK", "dtx-r1"}});
}

TEST_CASE("merge_env replaces same-named entries and keeps the rest in order", "[session]") {
    std::vector<std::string> base = {"PATH=/usr/bin", "PGHOST=elsewhere", "HOME=/root", "PGHOSTADDR=1.2.3.4", "FLAG"};
    auto merged = merge_env(base, {{"PGHOST", "127.0.0.1"}, {"DTX_RUN_ID", "r1"}});
    CHECK(merged == std::vector<std::string>{"PATH=/usr/bin", "HOME=/root", "PGHOSTADDR=1.2.3.4", "FLAG",
                                             "PGHOST=127.0.0.1", "DTX_RUN_ID=r1"});
}

TEST_CASE("merge_env keeps values containing equals signs whole", "[session]") {
    auto merged = merge_env({"OPTS=a=b"}, {{"URL", "x?y=z"}});
    CHECK(merged == std::vector<std::string>{"OPTS=a=b", "URL=x?y=z"});
}

TEST_CASE("a password with every URL delimiter is percent-encoded in each URL", "[session][env]") {
    const std::string hard = "p@ss:w/rd%?#";
    const std::string encoded = "p%40ss%3Aw%2Frd%25%3F%23";
    auto pg = endpoint("db", Kind::postgres, {{5432, 1}}, 5432, {"app", hard, "shop"});
    auto my = endpoint("sql", Kind::mysql, {{3306, 2}}, 3306, {"app", hard, "shop"});
    auto rd = endpoint("cache", Kind::redis, {{6379, 3}}, 6379, {"", hard, ""});
    CHECK(service_url(pg) == "postgres://app:" + encoded + "@127.0.0.1:1/shop?sslmode=disable");
    CHECK(service_url(my) == "mysql://app:" + encoded + "@127.0.0.1:2/shop");
    CHECK(service_url(rd) == "redis://default:" + encoded + "@127.0.0.1:3/0");
    // The variables that are not URLs carry the password as it is.
    CHECK(find(connection_env("r1", "n", {pg}), "PGPASSWORD") == hard);
    CHECK(find(connection_env("r1", "n", {my}), "MYSQL_PWD") == hard);
}

TEST_CASE("a user and database name with reserved characters are percent-encoded too", "[session][env]") {
    auto pg = endpoint("db", Kind::postgres, {{5432, 1}}, 5432, {"a b", "", "x/y"});
    CHECK(service_url(pg) == "postgres://a%20b@127.0.0.1:1/x%2Fy?sslmode=disable");
}

TEST_CASE("a single mysql service sets the mysql client's variables plus user and database", "[session][env]") {
    auto mysql = endpoint("sql", Kind::mysql, {{3306, 33060}}, 3306, {"app", "pw", "shop"});
    auto env = connection_env("r1", "dtx-r1", {mysql});
    CHECK(find(env, "MYSQL_HOST") == "127.0.0.1");
    CHECK(find(env, "MYSQL_TCP_PORT") == "33060");
    CHECK(find(env, "MYSQL_PWD") == "pw");
    CHECK(find(env, "MYSQL_USER") == "app");
    CHECK(find(env, "MYSQL_DATABASE") == "shop");
}

TEST_CASE(
    "two postgres services: per-service variables, no PG variables or DATABASE_URL, and a note naming both "
    "and the way out",
    "[session][env]") {
    auto out = explain_connection_env("r1", "dtx-r1", {postgres("db", 1001), postgres("audit", 1002)});
    CHECK(find(out.vars, "DTX_DB_URL") == "postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:1001/shop?sslmode=disable");
    CHECK(find(out.vars, "DTX_AUDIT_URL") == "postgres://app:p%40ss%3Aw%2Frd@127.0.0.1:1002/shop?sslmode=disable");
    for (const char* key : {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "DATABASE_URL"}) {
        CHECK_FALSE(find(out.vars, key));
    }
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0] ==
          "DATABASE_URL, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE not set: 2 postgres services (audit, db); "
          "use DTX_AUDIT_URL / DTX_DB_URL, or give the one that is only a client x-dtx.kind: generic");
}

TEST_CASE("postgres next to mysql: DATABASE_URL is left out with its own note", "[session][env]") {
    auto mysql = endpoint("sql", Kind::mysql, {{3306, 33060}}, 3306, {"root", "pw", ""});
    auto out = explain_connection_env("r1", "dtx-r1", {postgres(), mysql});
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0] ==
          "DATABASE_URL not set: 2 SQL databases (db, sql); use DTX_DB_URL / DTX_SQL_URL, or give the one that is "
          "only a client x-dtx.kind: generic");
}

TEST_CASE("two redis and two memcached services are named in notes", "[session][env]") {
    auto a = endpoint("a", Kind::memcached, {{11211, 1}}, 11211);
    auto b = endpoint("b", Kind::memcached, {{11211, 2}}, 11211);
    auto out = explain_connection_env("r1", "dtx-r1", {redis("r1", 3), redis("r2", 4), a, b});
    CHECK(out.notes ==
          std::vector<std::string>{
              "REDIS_URL not set: 2 redis services (r1, r2); use DTX_R1_URL / DTX_R2_URL" + k_client_hint,
              "MEMCACHED_SERVERS not set: 2 memcached services (a, b); use DTX_A_ADDR / DTX_B_ADDR" + k_client_hint});
}

TEST_CASE("one of each kind leaves nothing out", "[session][env]") {
    auto out = explain_connection_env("r1", "dtx-r1", {postgres(), redis()});
    CHECK(out.notes.empty());
}

TEST_CASE("set_var replaces a variable and moves it last", "[session][env]") {
    EnvList env = {{"A", "1"}, {"B", "2"}};
    set_var(env, "A", "3");
    set_var(env, "C", "4");
    CHECK(env == EnvList{{"B", "2"}, {"A", "3"}, {"C", "4"}});
}
