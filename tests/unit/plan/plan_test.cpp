#include "plan/plan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dtx::plan;
using dtx::compose::Condition;
using dtx::compose::Dependency;
using dtx::compose::PortMapping;
using dtx::compose::Project;
using dtx::compose::Service;
using dtx::kind::Kind;
using Names = std::vector<std::string>;

namespace {

Dependency dep(const std::string& service, Condition condition) {
    Dependency d;
    d.service = service;
    d.condition = condition;
    return d;
}

Service svc(std::string name, std::string image) {
    Service s;
    s.name = std::move(name);
    s.image = std::move(image);
    return s;
}

PortMapping port(std::uint16_t target, std::uint16_t host_port = 0, std::string host_ip = "",
                 std::string protocol = "tcp") {
    PortMapping p;
    p.target = target;
    p.host_port = host_port;
    p.host_ip = std::move(host_ip);
    p.protocol = std::move(protocol);
    return p;
}

Project project_of(std::vector<Service> services) {
    Project p;
    p.name = "shop";
    p.file = "/src/shop/compose.yaml";
    p.directory = "/src/shop";
    p.content_hash = "0123456789abcdef";
    std::sort(services.begin(), services.end(), [](const Service& a, const Service& b) { return a.name < b.name; });
    p.services = std::move(services);
    return p;
}

PlanInputs inputs() {
    PlanInputs in;
    in.run_id = "shop-1a2b";
    in.owner_pid = 4242;
    in.owner_host = "ci-runner";
    return in;
}

Names order_of(const Plan& plan) {
    Names names;
    for (const auto& s : plan.services) {
        names.push_back(s.service);
    }
    return names;
}

const ServicePlan& planned(const Plan& plan, const std::string& name) {
    const ServicePlan* sp = plan.find(name);
    REQUIRE(sp != nullptr);
    return *sp;
}

}  // namespace

TEST_CASE("container and network names are derived from the run id", "[session]") {
    CHECK(network_name("shop-1a2b") == "dtx-shop-1a2b");
    CHECK(container_name("shop-1a2b", "db") == "dtx-shop-1a2b-db");
    auto plan = make_plan(project_of({svc("db", "postgres:16")}), inputs());
    CHECK(plan.run_id == "shop-1a2b");
    CHECK(plan.project == "shop");
    CHECK(plan.network == "dtx-shop-1a2b");
    const auto& c = planned(plan, "db").container;
    CHECK(c.name == "dtx-shop-1a2b-db");
    CHECK(c.network == "dtx-shop-1a2b");
    CHECK(c.aliases == Names{"db"});
}

TEST_CASE("every container carries the run labels and its service labels", "[session]") {
    auto plan = make_plan(project_of({svc("db", "postgres:16")}), inputs());
    const auto& labels = planned(plan, "db").container.labels;
    CHECK(labels.at("dev.dtx.run") == "shop-1a2b");
    CHECK(labels.at("dev.dtx.project") == "shop");
    CHECK(labels.at("dev.dtx.service") == "db");
    CHECK(labels.at("dev.dtx.spec-hash") == "0123456789abcdef");
    CHECK(labels.at("dev.dtx.owner-pid") == "4242");
    CHECK(labels.at("dev.dtx.owner-host") == "ci-runner");
    CHECK(labels.at("com.docker.compose.project") == "shop-1a2b");
    CHECK(labels.at("com.docker.compose.service") == "db");
    CHECK(labels.at("com.docker.compose.container-number") == "1");
    CHECK(labels.at("com.docker.compose.oneoff") == "False");
    CHECK(labels.at("com.docker.compose.project.config_files") == "/src/shop/compose.yaml");
    CHECK(labels.at("com.docker.compose.project.working_dir") == "/src/shop");
}

TEST_CASE("the network carries the run labels but no service label", "[session]") {
    auto plan = make_plan(project_of({svc("db", "postgres:16")}), inputs());
    const auto& labels = plan.network_labels;
    CHECK(labels.at("dev.dtx.run") == "shop-1a2b");
    CHECK(labels.at("dev.dtx.project") == "shop");
    CHECK(labels.at("dev.dtx.owner-pid") == "4242");
    CHECK(labels.at("com.docker.compose.project") == "shop-1a2b");
    CHECK(labels.count("dev.dtx.service") == 0);
    CHECK(labels.count("com.docker.compose.service") == 0);
}

TEST_CASE("environment and command go to the container as written", "[session]") {
    auto db = svc("db", "postgres:16");
    db.environment = {{"POSTGRES_PASSWORD", "pw"}, {"A", "1=2"}};
    db.command = Names{"postgres", "-c", "fsync=off"};
    auto plan = make_plan(project_of({db, svc("web", "nginx")}), inputs());
    CHECK(planned(plan, "db").container.env == Names{"A=1=2", "POSTGRES_PASSWORD=pw"});
    CHECK(planned(plan, "db").container.cmd == std::optional<Names>(Names{"postgres", "-c", "fsync=off"}));
    CHECK_FALSE(planned(plan, "web").container.cmd.has_value());
}

TEST_CASE("a fixed host port becomes an ephemeral one on 127.0.0.1", "[session]") {
    auto db = svc("db", "postgres:16");
    db.ports = {port(5432, 5433)};
    auto plan = make_plan(project_of({db}), inputs());
    const auto& ports = planned(plan, "db").container.ports;
    REQUIRE(ports.size() == 1);
    CHECK(ports[0].container_port == 5432);
    CHECK(ports[0].host_port == 0);
    CHECK(ports[0].host_ip == "127.0.0.1");
    CHECK(ports[0].protocol == "tcp");
}

TEST_CASE("with keep_host_ports a fixed host port is published as written", "[session]") {
    auto db = svc("db", "postgres:16");
    db.ports = {port(5432, 5433), port(8080, 0)};
    auto in = inputs();
    in.keep_host_ports = true;
    const auto& ports = planned(make_plan(project_of({db}), in), "db").container.ports;
    REQUIRE(ports.size() == 2);
    CHECK(ports[0].host_port == 5433);
    CHECK(ports[1].host_port == 0);  // an ephemeral port stays ephemeral
}

TEST_CASE("a host IP given in the spec is kept", "[session]") {
    auto dns = svc("dns", "coredns");
    dns.ports = {port(53, 1053, "127.0.0.2", "udp")};
    auto plan = make_plan(project_of({dns}), inputs());
    const auto& ports = planned(plan, "dns").container.ports;
    REQUIRE(ports.size() == 1);
    CHECK(ports[0].host_ip == "127.0.0.2");
    CHECK(ports[0].host_port == 0);
    CHECK(ports[0].protocol == "udp");
}

TEST_CASE("image EXPOSE ports are published too, once each", "[session]") {
    auto db = svc("db", "postgres:16");
    db.ports = {port(5432, 5433)};
    db.expose = {port(9187)};
    auto in = inputs();
    in.images["postgres:16"].exposed_ports = {"5432/tcp", "9187/tcp", "8008/tcp", "53/udp"};
    auto plan = make_plan(project_of({db}), in);
    std::vector<std::string> published;
    for (const auto& p : planned(plan, "db").container.ports) {
        published.push_back(std::to_string(p.container_port) + "/" + p.protocol + "@" + p.host_ip + ":" +
                            std::to_string(p.host_port));
    }
    CHECK(published ==
          Names{"5432/tcp@127.0.0.1:0", "9187/tcp@127.0.0.1:0", "8008/tcp@127.0.0.1:0", "53/udp@127.0.0.1:0"});
}

TEST_CASE("the same port number over tcp and udp is two ports", "[session]") {
    auto dns = svc("dns", "coredns");
    dns.ports = {port(53, 0, "", "udp"), port(53, 0, "", "tcp")};
    auto plan = make_plan(project_of({dns}), inputs());
    CHECK(planned(plan, "dns").container.ports.size() == 2);
}

TEST_CASE("the main port is the kind's default port when it is published", "[session]") {
    auto db = svc("db", "postgres:16");
    db.expose = {port(9187)};
    auto in = inputs();
    in.images["postgres:16"].exposed_ports = {"5432/tcp"};
    auto plan = make_plan(project_of({db}), in);
    CHECK(planned(plan, "db").kind == Kind::postgres);
    CHECK(planned(plan, "db").main_port == std::optional<std::uint16_t>(5432));
}

TEST_CASE("the main port of a generic service is its first tcp port", "[session]") {
    auto web = svc("web", "nginx");
    web.ports = {port(53, 0, "", "udp"), port(8080)};
    auto in = inputs();
    in.images["nginx"].exposed_ports = {"80/tcp"};
    auto plan = make_plan(project_of({web}), in);
    CHECK(planned(plan, "web").main_port == std::optional<std::uint16_t>(8080));
}

TEST_CASE("a service without tcp ports has no main port", "[session]") {
    auto plan = make_plan(project_of({svc("worker", "busybox")}), inputs());
    CHECK_FALSE(planned(plan, "worker").main_port.has_value());
    CHECK(planned(plan, "worker").container.ports.empty());
}

TEST_CASE("dependencies start before the services that need them", "[session]") {
    auto app = svc("app", "nginx");
    app.depends_on = {dep("db", Condition::healthy), dep("cache", Condition::started)};
    auto plan = make_plan(project_of({app, svc("db", "postgres:16"), svc("cache", "redis:7")}), inputs());
    CHECK(order_of(plan) == Names{"db", "cache", "app"});
    CHECK(planned(plan, "app").depends_on.size() == 2);
}

TEST_CASE("postgres starts before redis when both are free", "[session]") {
    auto plan = make_plan(project_of({svc("cache", "redis:7"), svc("db", "postgres:16")}), inputs());
    CHECK(order_of(plan) == Names{"db", "cache"});
}

TEST_CASE("databases start first, then generic services, then caches, each by name", "[session]") {
    auto plan = make_plan(project_of({svc("a-cache", "memcached"), svc("b-web", "nginx"), svc("c-sql", "mysql:8"),
                                      svc("d-pg", "postgres:16"), svc("e-redis", "redis:7")}),
                          inputs());
    CHECK(order_of(plan) == Names{"c-sql", "d-pg", "b-web", "a-cache", "e-redis"});
}

TEST_CASE("a cache a database depends on starts first despite its low priority", "[session]") {
    auto db = svc("db", "postgres:16");
    db.depends_on = {dep("cache", Condition::started)};
    auto plan = make_plan(project_of({db, svc("cache", "redis:7")}), inputs());
    CHECK(order_of(plan) == Names{"cache", "db"});
}

TEST_CASE("the plan text of a two-service project is stable", "[session]") {
    auto db = svc("db", "postgres:16");
    db.ports = {port(5432, 5433)};
    db.command = Names{"postgres", "-c", "fsync=off"};
    auto app = svc("app", "nginx:1.25");
    app.expose = {port(8080)};
    app.depends_on = {dep("db", Condition::healthy)};
    auto in = inputs();
    in.images["nginx:1.25"].exposed_ports = {"80/tcp"};
    in.images["postgres:16"].exposed_ports = {"5432/tcp"};
    auto plan = make_plan(project_of({app, db}), in);
    CHECK(plan.to_string() ==
          "run shop-1a2b (project shop)\n"
          "network dtx-shop-1a2b\n"
          "service db: container dtx-shop-1a2b-db, image postgres:16, kind postgres (from the image name)\n"
          "  ready when postgres on 5432 (from kind)\n"
          "  publish 127.0.0.1:ephemeral->5432/tcp (main)\n"
          "  command postgres -c fsync=off\n"
          "service app: container dtx-shop-1a2b-app, image nginx:1.25, kind generic\n"
          "  after db healthy\n"
          "  ready when tcp on 8080, 80 (from ports)\n"
          "  publish 127.0.0.1:ephemeral->8080/tcp (main)\n"
          "  publish 127.0.0.1:ephemeral->80/tcp\n");
}

TEST_CASE("the plan text shows a build: with whether the run builds it, and the x-dtx.init steps in order",
          "[session]") {
    auto db = svc("db", "postgres:16");
    dtx::compose::InitStep schema;
    schema.sql_file = "/src/shop/migrations/001_schema.sql";
    dtx::compose::InitStep vacuum;
    vacuum.command = Names{"psql", "-U", "postgres", "-c", "VACUUM"};
    dtx::compose::InitStep fixtures;
    fixtures.run = Names{"/bin/sh", "-c", "./load-fixtures.sh \"$DTX_DB_PORT\""};
    db.dtx.init = {schema, vacuum, fixtures};
    auto api = svc("api", "shop-api");
    api.build = dtx::compose::Build{"/src/shop/api", "Dockerfile.dev", "test", {}};
    api.depends_on = {dep("db", Condition::healthy)};
    auto in = inputs();
    in.images["postgres:16"].exposed_ports = {"5432/tcp"};
    in.images["shop-api"].exposed_ports = {"8080/tcp"};
    in.builds["api"] = "not built: the image is present (--build rebuilds it)";
    auto plan = make_plan(project_of({api, db}), in);
    CHECK(plan.to_string() ==
          "run shop-1a2b (project shop)\n"
          "network dtx-shop-1a2b\n"
          "service db: container dtx-shop-1a2b-db, image postgres:16, kind postgres (from the image name)\n"
          "  ready when postgres on 5432 (from kind)\n"
          "  publish 127.0.0.1:ephemeral->5432/tcp (main)\n"
          "  init 1: sql migrations/001_schema.sql\n"
          "  init 2: exec psql -U postgres -c VACUUM\n"
          "  init 3: run ./load-fixtures.sh \"$DTX_DB_PORT\"\n"
          "service api: container dtx-shop-1a2b-api, image shop-api, kind generic\n"
          "  build ./api (dockerfile Dockerfile.dev, target test): not built: the image is present (--build "
          "rebuilds it)\n"
          "  after db healthy\n"
          "  ready when tcp on 8080 (from ports)\n"
          "  publish 127.0.0.1:ephemeral->8080/tcp (main)\n");
}

TEST_CASE("the plan text marks readiness that an image not inspected could change, and only that", "[session]") {
    auto db = svc("db", "postgres:16");  // no port declared: EXPOSE 5432 would make it "postgres on 5432"
    auto cache = svc("cache", "redis:7");
    cache.ports = {port(6379)};  // the kind's own port: final
    auto web = svc("web", "nginx");
    web.ports = {port(8080)};  // an image HEALTHCHECK would come first
    auto worker = svc("worker", "busybox");
    dtx::compose::Healthcheck check;
    check.test = Names{"CMD", "true"};
    worker.healthcheck = check;  // its own healthcheck: final
    auto plan = make_plan(project_of({db, cache, web, worker}), inputs());
    std::string text = plan.to_string();
    const std::string open = "; may change at run time: the image was not inspected)\n";
    CHECK_THAT(text, Catch::Contains("  ready when running (from no ports" + open));
    CHECK_THAT(text, Catch::Contains("  ready when redis on 6379 (from kind)\n"));
    CHECK_THAT(text, Catch::Contains("  ready when tcp on 8080 (from ports" + open));
    CHECK_THAT(text, Catch::Contains("  ready when healthcheck (from healthcheck)\n"));
    CHECK_FALSE(planned(plan, "worker").wait_open);
    CHECK(planned(plan, "db").wait_open);
}

TEST_CASE("the wait timeout is 60s unless x-dtx sets it, per service before top level", "[session]") {
    Service a = svc("a", "busybox");
    Service b = svc("b", "busybox");
    b.dtx.wait_timeout = std::chrono::seconds(5);
    Project project = project_of({a, b, svc("c", "busybox")});
    CHECK(make_plan(project, inputs()).find("a")->wait_timeout == std::chrono::seconds(60));
    project.wait_timeout = std::chrono::seconds(90);
    auto plan = make_plan(project, inputs());
    CHECK(plan.find("a")->wait_timeout == std::chrono::seconds(90));
    CHECK(plan.find("b")->wait_timeout == std::chrono::seconds(5));
}

TEST_CASE("the --timeout option overrides every x-dtx wait timeout", "[session]") {
    Service b = svc("b", "busybox");
    b.dtx.wait_timeout = std::chrono::seconds(5);
    Project project = project_of({b});
    project.wait_timeout = std::chrono::seconds(90);
    PlanInputs in = inputs();
    in.timeout = std::chrono::seconds(3);
    CHECK(make_plan(project, in).find("b")->wait_timeout == std::chrono::seconds(3));
}

TEST_CASE("x-dtx.kind overrides the kind detected from the image name", "[session]") {
    Service db = svc("db", "registry.example/custom-db:1");
    db.dtx.kind = "postgres";
    Service api = svc("api", "redis-commander");
    api.dtx.kind = "http";
    auto plan = make_plan(project_of({db, api}), inputs());
    CHECK(plan.find("db")->kind == dtx::kind::Kind::postgres);
    CHECK(plan.find("api")->kind == dtx::kind::Kind::http);
}

TEST_CASE("an image of no known name gets its kind from the variables its official base image set", "[session]") {
    Service db = svc("db", "acme/db-with-fixtures:3");
    Service cache = svc("cache", "acme/cache:1");
    Service migrate = svc("migrate", "acme/db-with-fixtures:3");
    migrate.command = Names{"psql", "-h", "db", "-f", "/migrations/all.sql"};
    Service plain = svc("plain", "acme/app:1");
    auto in = inputs();
    in.images["acme/db-with-fixtures:3"].env = {"PATH=/usr/bin", "PG_MAJOR=16", "PG_VERSION=16.4-1.pgdg120+1"};
    in.images["acme/db-with-fixtures:3"].exposed_ports = {"5432/tcp"};
    in.images["acme/cache:1"].env = {"REDIS_VERSION=7.2.5"};
    in.images["acme/app:1"].env = {"PG_MAJOR_NOT=1", "MYSQL_VERSIONS=2"};  // a longer name is not the variable
    auto plan = make_plan(project_of({db, cache, migrate, plain}), in);
    CHECK(planned(plan, "db").kind == Kind::postgres);
    CHECK(planned(plan, "db").kind_origin == "the image's PG_MAJOR");
    CHECK(planned(plan, "db").main_port == 5432);
    CHECK(planned(plan, "db").wait.strategy == "postgres");
    CHECK(planned(plan, "cache").kind == Kind::redis);
    CHECK(planned(plan, "migrate").kind == Kind::generic);  // its command replaces the server: a client
    CHECK(planned(plan, "plain").kind == Kind::generic);
    CHECK(planned(plan, "plain").kind_origin.empty());
    CHECK_THAT(plan.to_string(), Catch::Contains("image acme/db-with-fixtures:3, kind postgres (from the image's "
                                                 "PG_MAJOR)\n"));
    // A database starts before the others, as one named after its kind does.
    CHECK(plan.services.front().service == "db");
}

TEST_CASE("the plan says where each kind came from", "[session]") {
    Service named = svc("named", "postgres:16");
    Service told = svc("told", "acme/custom:1");
    told.dtx.kind = "mysql";
    Service waited = svc("waited", "acme/other:1");
    waited.dtx.wait = dtx::compose::WaitStrategy{};
    waited.dtx.wait->kind = "redis";
    waited.dtx.wait->port = 6379;
    auto plan = make_plan(project_of({named, told, waited}), inputs());
    CHECK(planned(plan, "named").kind_origin == "the image name");
    CHECK(planned(plan, "told").kind_origin == "x-dtx.kind");
    CHECK(planned(plan, "waited").kind_origin == "x-dtx.wait");
}

TEST_CASE("a postgres image that runs psql and declares no port is a generic client, not a second database",
          "[session]") {
    Service migrate = svc("migrate", "postgres:16");
    migrate.command = Names{"psql", "-h", "db", "-f", "/migrations/all.sql"};
    Service shell = svc("shell", "postgres:16");
    shell.entrypoint = Names{"/bin/sh", "-c"};
    shell.command = Names{"psql -h db -c 'select 1'"};
    auto in = inputs();
    in.images["postgres:16"].exposed_ports = {"5432/tcp"};
    auto plan = make_plan(project_of({svc("db", "postgres:16"), migrate, shell}), in);
    CHECK(planned(plan, "db").kind == Kind::postgres);
    CHECK(planned(plan, "migrate").kind == Kind::generic);
    CHECK(planned(plan, "shell").kind == Kind::generic);
    // The image's EXPOSE 5432 is the server's: the client publishes nothing and waits on no port.
    CHECK(planned(plan, "db").container.ports.size() == 1);
    CHECK(planned(plan, "migrate").container.ports.empty());
    CHECK(planned(plan, "migrate").wait.strategy != "tcp");
}

TEST_CASE(
    "a database image stays a server when its command starts the server, passes it flags, or it declares a "
    "port",
    "[session]") {
    Service tuned = svc("tuned", "postgres:16");
    tuned.command = Names{"postgres", "-c", "fsync=off"};
    Service flags = svc("flags", "redis:7");
    flags.command = Names{"--requirepass", "secret"};
    Service script = svc("script", "mariadb:11");
    script.entrypoint = Names{"docker-entrypoint.sh"};
    script.command = Names{"mariadbd", "--skip-log-bin"};
    Service published = svc("published", "postgres:16");
    published.command = Names{"sh", "-c", "exec postgres"};
    published.ports = {port(5432)};
    auto plan = make_plan(project_of({tuned, flags, script, published}), inputs());
    CHECK(planned(plan, "tuned").kind == Kind::postgres);
    CHECK(planned(plan, "flags").kind == Kind::redis);
    CHECK(planned(plan, "script").kind == Kind::mysql);
    CHECK(planned(plan, "published").kind == Kind::postgres);
}

TEST_CASE("x-dtx.kind generic or none makes a database image a plain service", "[session]") {
    Service a = svc("a", "postgres:16");
    a.dtx.kind = "generic";
    Service b = svc("b", "redis:7");
    b.dtx.kind = "none";
    auto plan = make_plan(project_of({a, b}), inputs());
    CHECK(planned(plan, "a").kind == Kind::generic);
    CHECK(planned(plan, "b").kind == Kind::generic);
}

TEST_CASE("a service's config hash changes with its definition and only with it", "[session]") {
    auto hash = [](const Plan& plan, const std::string& name) {
        return planned(plan, name).container.labels.at("dev.dtx.config-hash");
    };
    auto db = svc("db", "postgres:16");
    auto cache = svc("cache", "redis:7");
    auto before = make_plan(project_of({db, cache}), inputs());
    CHECK(hash(before, "db").size() == 64);
    CHECK(hash(make_plan(project_of({db, cache}), inputs()), "db") == hash(before, "db"));

    db.environment["POSTGRES_PASSWORD"] = "changed";
    auto edited = project_of({db, cache});
    edited.content_hash = "fedcba9876543210";  // the file changed as a whole
    auto after = make_plan(edited, inputs());
    CHECK(hash(after, "db") != hash(before, "db"));
    CHECK(hash(after, "cache") == hash(before, "cache"));
}

TEST_CASE("readiness falls back to the image's HEALTHCHECK unless the service sets or disables one", "[session]") {
    auto api = svc("api", "my/api");
    api.expose = {port(8080)};
    auto in = inputs();
    in.images["my/api"].healthcheck = {"CMD-SHELL", "wget -q -O- localhost:8080/health"};
    auto wait = [&](const Service& s) { return planned(make_plan(project_of({s}), in), "api").wait; };
    CHECK(wait(api).strategy == "healthcheck");
    CHECK(wait(api).command == Names{"/bin/sh", "-c", "wget -q -O- localhost:8080/health"});

    dtx::compose::Healthcheck own;  // the service's own test wins
    own.test = {"CMD", "true"};
    api.healthcheck = own;
    CHECK(wait(api).command == Names{"true"});

    dtx::compose::Healthcheck timings_only;  // only timings: the image's test with them
    timings_only.interval = std::chrono::seconds(1);
    api.healthcheck = timings_only;
    CHECK(wait(api).command == Names{"/bin/sh", "-c", "wget -q -O- localhost:8080/health"});

    dtx::compose::Healthcheck disabled;
    disabled.disable = true;
    api.healthcheck = disabled;
    CHECK(wait(api).strategy == "tcp");
}

TEST_CASE("x-dtx.kind generic or none gives a database image no kind, no native probe and no kind port", "[session]") {
    Service db = svc("db", "postgres:16");
    for (const char* word : {"generic", "none"}) {
        Service migrate = svc("migrate", "postgres:16");
        migrate.dtx.kind = word;
        migrate.ports = {port(5432)};
        INFO(word);
        auto plan = make_plan(project_of({db, migrate}), inputs());
        CHECK(plan.find("db")->kind == Kind::postgres);
        CHECK(plan.find("migrate")->kind == Kind::generic);
        CHECK(plan.find("migrate")->wait.strategy == "tcp");
    }
}

TEST_CASE("the plan shows the runner of --exit-code-from as a service whose exit code is the run's", "[session]") {
    Service db = svc("db", "postgres:16");
    Service tests = svc("tests", "acme/tests:1");
    tests.depends_on.emplace_back();
    tests.depends_on.back().service = "db";
    auto in = inputs();
    in.runner = "tests";
    auto plan = make_plan(project_of({db, tests}), in);
    CHECK(planned(plan, "tests").runner);
    CHECK_FALSE(planned(plan, "db").runner);
    CHECK_THAT(plan.to_string(), Catch::Contains("  runs once the services it needs are ready; its exit code is the "
                                                 "run's (--exit-code-from)\n"));
}

TEST_CASE("links, network_mode, ipc, pid and volumes_from name the other service's container of the run", "[session]") {
    Service db = svc("db", "postgres:16");
    Service web = svc("web", "nginx");
    web.links = {{"db", "database"}, {"db", ""}};
    Service sidecar = svc("sidecar", "busybox");
    sidecar.network_mode = "service:web";
    sidecar.ipc = "service:db";
    sidecar.pid = "host";
    sidecar.expose.emplace_back();
    sidecar.expose.back().target = 9000;
    Service backup = svc("backup", "busybox");
    backup.volumes_from = {{"db", false, true}, {"legacy-data", true, false}};
    auto in = inputs();
    in.run_id = "r1";
    auto plan = make_plan(project_of({db, web, sidecar, backup}), in);
    // The link's alias is one more name of db on the run's network.
    CHECK(planned(plan, "db").container.aliases == std::vector<std::string>{"db", "database"});
    const auto& shared = planned(plan, "sidecar").container;
    CHECK(shared.network_mode == "container:dtx-r1-web");
    CHECK(shared.network.empty());
    CHECK(shared.aliases.empty());
    CHECK(shared.ports.empty());  // nothing is published from another container's namespace
    CHECK(shared.ipc_mode == "container:dtx-r1-db");
    CHECK(shared.pid_mode == "host");
    CHECK(planned(plan, "backup").container.volumes_from == std::vector<std::string>{"dtx-r1-db:ro", "legacy-data"});
}
