#include "session/project_secrets.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using dtx::session::project_secrets;

namespace {

dtx::compose::Service service(const std::string& name, const std::string& image,
                              std::map<std::string, std::optional<std::string>> env) {
    dtx::compose::Service s;
    s.name = name;
    s.image = image;
    s.environment = std::move(env);
    return s;
}

bool has(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

TEST_CASE("environment values whose names say secret are the project's secrets", "[session][mask]") {
    dtx::compose::Project p;
    p.name = "shop";
    p.services.push_back(service("db", "postgres:16",
                                 {{"POSTGRES_PASSWORD", "Sup3r-s3cret!"}, {"POSTGRES_USER", "app"}, {"TZ", "UTC"}}));
    p.services.push_back(service("s3", "minio/minio", {{"MINIO_ROOT_PASSWORD", "m1n10-pass"}, {"UNSET_TOKEN", {}}}));
    auto secrets = project_secrets(p);
    CHECK(has(secrets, "Sup3r-s3cret!"));
    CHECK(has(secrets, "m1n10-pass"));
    CHECK_FALSE(has(secrets, "app"));
    CHECK_FALSE(has(secrets, "UTC"));
}

TEST_CASE("the argument of --requirepass and a build argument named secret are secrets", "[session][mask]") {
    dtx::compose::Project p;
    auto cache = service("cache", "redis:7", {});
    cache.command = std::vector<std::string>{"redis-server", "--requirepass", "r3dis-pass"};
    p.services.push_back(cache);
    auto app = service("app", "", {});
    app.build = dtx::compose::Build{"/src", "Dockerfile", "test", {{"NPM_TOKEN", "npm-t0ken"}, {"NODE_ENV", "test"}}};
    p.services.push_back(app);
    auto secrets = project_secrets(p);
    CHECK(has(secrets, "r3dis-pass"));
    CHECK(has(secrets, "npm-t0ken"));
    CHECK_FALSE(has(secrets, "test"));
}

TEST_CASE("a password equal to a name dtx prints anyway is not a secret to mask everywhere", "[session][mask]") {
    dtx::compose::Project p;
    p.name = "shop";
    p.services.push_back(service("db", "dtx-test/postgres:15", {{"POSTGRES_PASSWORD", "postgres"}}));
    p.services.push_back(service("sql", "mysql:8", {{"MYSQL_ROOT_PASSWORD", "root"}}));
    p.services.push_back(service("pg2", "postgres:16", {{"POSTGRES_PASSWORD", "admin"}, {"POSTGRES_USER", "admin"}}));
    p.services.push_back(service("t", "dtx-test/base", {{"API_KEY", "test"}, {"DB_PASSWORD", "shop"}}));
    CHECK(project_secrets(p).empty());
}
