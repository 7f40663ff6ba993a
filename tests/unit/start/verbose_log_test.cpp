#include "start/verbose_log.hpp"

#include <catch2/catch.hpp>

using namespace dtx::plan;
using namespace dtx::start;

namespace {

Plan plan_of(std::vector<dtx::compose::Service> services) {
    dtx::compose::Project project;
    project.name = "t";
    project.services = std::move(services);
    PlanInputs in;
    in.run_id = "r";
    return make_plan(project, in);
}

dtx::compose::Service service(const std::string& name, const std::string& image) {
    dtx::compose::Service s;
    s.name = name;
    s.image = image;
    return s;
}

}  // namespace

TEST_CASE("dtx -v says each service's kind and readiness strategy, and why they were chosen", "[session][log]") {
    auto db = service("db", "postgres:16");
    dtx::compose::PortMapping pg;
    pg.target = 5432;
    db.expose.push_back(pg);
    auto worker = service("worker", "acme/worker:1");
    auto kinded = service("store", "acme/store:1");
    kinded.dtx.kind = "redis";
    Plan plan = plan_of({db, worker, kinded});

    const ServicePlan& p_db = *plan.find("db");
    CHECK(kind_line(p_db, db) == "db: kind postgres (from its image postgres:16)");
    CHECK(readiness_line(p_db) == "db: readiness postgres on 5432 (the native probe of its kind)");

    const ServicePlan& p_worker = *plan.find("worker");
    CHECK(kind_line(p_worker, worker) == "worker: kind generic (no kind is known for image acme/worker:1)");
    CHECK_THAT(readiness_line(p_worker), Catch::EndsWith("(nothing to connect to: ready once it runs)"));

    CHECK(kind_line(*plan.find("store"), kinded) == "store: kind redis (x-dtx.kind)");
}

TEST_CASE("dtx -v shows every published port as host address -> container port", "[session][log]") {
    std::vector<dtx::engine::PublishedPort> ports = {{5432, "tcp", "127.0.0.1", 49153}, {8080, "tcp", "", 49154}};
    CHECK(ports_line("db", ports) == "db: publishes 127.0.0.1:49153 -> 5432/tcp, 0.0.0.0:49154 -> 8080/tcp");
    CHECK(ports_line("worker", {}) == "worker: publishes no port");
}

TEST_CASE("dtx -v names the image variable that told a renamed image's kind", "[session][log]") {
    dtx::compose::Project project;
    project.name = "t";
    project.services = {service("db", "acme/db-with-fixtures:3")};
    PlanInputs in;
    in.run_id = "r";
    in.images["acme/db-with-fixtures:3"].env = {"PG_MAJOR=16"};
    Plan plan = make_plan(project, in);
    CHECK(kind_line(*plan.find("db"), project.services[0]) == "db: kind postgres (from the image's PG_MAJOR)");
}
