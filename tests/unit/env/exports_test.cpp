#include "env/exports.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

using namespace dtx::env;
using dtx::kind::Kind;

namespace {

dtx::compose::Project project_with(std::map<std::string, std::string> db_exports,
                                   std::map<std::string, std::string> top_exports = {}) {
    dtx::compose::Project p;
    p.name = "shop";
    dtx::compose::Service db;
    db.name = "db";
    db.image = "postgres:16";
    db.environment = {{"POSTGRES_USER", "app"}, {"POSTGRES_PASSWORD", "pw"}};
    db.dtx.exports = std::move(db_exports);
    p.services.push_back(db);
    p.exports = std::move(top_exports);
    return p;
}

ServiceEndpoint db_endpoint() {
    ServiceEndpoint e;
    e.service = "db";
    e.kind = Kind::postgres;
    e.host = "127.0.0.1";
    e.tcp_ports = {{5432, 49153}, {9187, 49154}};
    e.main_port = 5432;
    e.credentials = {"app", "pw", "app", ""};
    return e;
}

std::optional<std::string> no_caller(const std::string&) {
    return std::nullopt;
}

}  // namespace

TEST_CASE("a service's templates expand with its endpoint, environment, name and the run", "[session][env]") {
    auto project = project_with({{"JDBC_URL", "jdbc:postgresql://{host}:{port}/app?user={env:POSTGRES_USER}"},
                                 {"METRICS", "{host}:{port:9187}"},
                                 {"WHO", "{service}@{run} {{literal}}"}});
    EnvList env;
    apply_exports(project, "shop-1a2b3c", {db_endpoint()}, no_caller, env);
    CHECK(env == EnvList{{"JDBC_URL", "jdbc:postgresql://127.0.0.1:49153/app?user=app"},
                         {"METRICS", "127.0.0.1:49154"},
                         {"WHO", "db@shop-1a2b3c {literal}"}});
}

TEST_CASE("exports come after the connection variables and override them", "[session][env]") {
    auto project = project_with({{"PGUSER", "{env:POSTGRES_USER}-override"}});
    auto env = command_env(project, "r1", "dtx-r1", {db_endpoint()}, no_caller);
    CHECK(env.vars.back() == std::pair<std::string, std::string>{"PGUSER", "app-override"});
    CHECK(std::count_if(env.vars.begin(), env.vars.end(), [](const auto& kv) { return kv.first == "PGUSER"; }) == 1);
}

TEST_CASE("top-level templates see dtx's variables, then the caller's environment, and the run", "[session][env]") {
    auto project = project_with({{"DSN", "{host}:{port}"}},
                                {{"APP_DB", "{env:DSN}/{env:TEAM}"}, {"RUN", "{run}"}, {"PGHOST", "db.local"}});
    auto caller = [](const std::string& name) -> std::optional<std::string> {
        if (name == "TEAM") {
            return "blue";
        }
        return name == "DSN" ? std::optional<std::string>("not this one") : std::nullopt;
    };
    auto env = command_env(project, "r1", "dtx-r1", {db_endpoint()}, caller);
    auto value = [&](const std::string& key) {
        auto it = std::find_if(env.vars.begin(), env.vars.end(), [&](const auto& kv) { return kv.first == key; });
        return it == env.vars.end() ? std::string("<unset>") : it->second;
    };
    CHECK(value("APP_DB") == "127.0.0.1:49153/blue");
    CHECK(value("RUN") == "r1");
    CHECK(value("PGHOST") == "db.local");
}

TEST_CASE("a port the service does not publish fails naming the template and the ports there are", "[session][env]") {
    auto project = project_with({{"X", "{port:6000}"}});
    EnvList env;
    try {
        apply_exports(project, "r1", {db_endpoint()}, no_caller, env);
        FAIL("no error");
    } catch (const dtx::SpecError& e) {
        CHECK(std::string(e.what()) ==
              "services.db.x-dtx.export.X: {port:6000} has no value here; the service publishes 5432->49153, "
              "9187->49154");
    }
}

TEST_CASE("a top-level variable nobody sets fails naming it", "[session][env]") {
    auto project = project_with({}, {{"Y", "{env:NOPE}"}});
    EnvList env;
    CHECK_THROWS_WITH(apply_exports(project, "r1", {}, no_caller, env),
                      "x-dtx.export.Y: {env:NOPE} has no value here; neither dtx nor the calling environment sets it");
}

TEST_CASE("a service that is not running exports nothing", "[session][env]") {
    auto project = project_with({{"X", "{host}"}});
    EnvList env;
    apply_exports(project, "r1", {}, no_caller, env);
    CHECK(env.empty());
}
