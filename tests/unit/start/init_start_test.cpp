// x-dtx.init in the start: after readiness, before dependants, with failures that stop the run.
#include "start/start.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/temp_dir.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace dtx::env;
using namespace dtx::init;
using namespace dtx::plan;
using namespace dtx::start;
using namespace dtx::teardown;
using dtx::compose::Condition;
using dtx::compose::InitStep;
using dtx::fakes::FakeClock;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TempDir;
using dtx::probe::ProbeResult;

namespace {

// Ready at once, recording "ready <service>" among the engine's calls.
class RecordingProbe final : public dtx::probe::Probe {
public:
    RecordingProbe(FakeEngine& engine, std::string service) : m_engine(engine), m_service(std::move(service)) {}
    std::string name() const override { return "recorded"; }
    ProbeResult check() override {
        m_engine.record("ready " + m_service);
        return ProbeResult::ready();
    }

private:
    FakeEngine& m_engine;
    std::string m_service;
};

// Records "sql <statement>" among the engine's calls; a statement containing "BROKEN" fails, the
// server pointing at the statement's second line.
class FakeSql final : public SqlConnection {
public:
    explicit FakeSql(FakeEngine& engine) : m_engine(engine) {}
    std::optional<SqlError> execute(const std::string& statement, const std::function<bool()>&) override {
        m_engine.record("sql " + statement);
        if (statement.find("BROKEN") != std::string::npos) {
            return SqlError{"ERROR: syntax error at or near \"BROKEN\"", 2};
        }
        return std::nullopt;
    }

private:
    FakeEngine& m_engine;
};

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    FakeEngine engine;
    FakeClock clock;
    RecordingReporter reporter;
    TempDir dir;
    dtx::compose::Project project;
    Existing existing;
    std::vector<std::string> connected;  // services the SQL connector was asked for

    Fixture() { project.directory = dir.path(); }

    dtx::compose::Service& add(const std::string& name, const std::string& image,
                               std::vector<std::pair<std::string, Condition>> deps = {}) {
        dtx::compose::Service s;
        s.name = name;
        s.image = image;
        dtx::compose::PortMapping port;
        port.target = image.starts_with("postgres") ? 5432 : 8080;
        s.ports.push_back(port);
        for (const auto& [service, condition] : deps) {
            dtx::compose::Dependency d;
            d.service = service;
            d.condition = condition;
            s.depends_on.push_back(d);
        }
        project.services.push_back(s);
        return project.services.back();
    }

    static InitStep sql(const std::string& file) {
        InitStep step;
        step.sql_file = file;
        return step;
    }
    static InitStep exec(std::vector<std::string> command) {
        InitStep step;
        step.command = std::move(command);
        return step;
    }
    static InitStep run(std::vector<std::string> argv) {
        InitStep step;
        step.run = std::move(argv);
        return step;
    }

    std::vector<ServiceEndpoint> start() {
        project.name = "t";
        std::sort(project.services.begin(), project.services.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        PlanInputs in;
        in.run_id = "r";
        Plan plan = make_plan(project, in);
        ResourceTracker tracker(engine, plan.run_id, reporter);
        StartContext ctx{engine,
                         reporter,
                         clock,
                         tracker,
                         [this](const ServicePlan& sp, const ServiceEndpoint&, const std::string&) {
                             return std::make_unique<RecordingProbe>(engine, sp.service);
                         },
                         [this](const ServiceEndpoint& e) -> dtx::util::Result<std::unique_ptr<SqlConnection>> {
                             connected.push_back(e.service);
                             return std::unique_ptr<SqlConnection>(std::make_unique<FakeSql>(engine));
                         }};
        auto endpoints = start_services(ctx, plan, project, existing);
        tracker.keep();
        return endpoints;
    }

    int at(const std::string& call) const { return engine.position(call); }

    // The message of the InitError that start() throws.
    std::string init_error() {
        try {
            start();
        } catch (const dtx::InitError& e) {
            CHECK(e.exit_code() == 125);
            return e.what();
        }
        FAIL("start() threw no InitError");
        return "";
    }
};

}  // namespace

TEST_CASE("init runs after its service is ready and before a dependant is created", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::exec({"psql", "-c", "select 1"})};
    f.add("api", "img/api", {{"db", Condition::healthy}});
    f.start();
    CHECK(f.at("ready db") < f.at("exec dtx-r-db: psql -c select 1"));
    CHECK(f.at("exec dtx-r-db: psql -c select 1") < f.at("create dtx-r-api"));
    CHECK_THAT(f.reporter.notes(), Catch::VectorContains(std::string("db: init exec psql -c 'select 1' in 0 ms")));
}

TEST_CASE("a dependant that only needs the service started does not wait for its init", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::exec({"slow"})};
    f.add("api", "img/api", {{"db", Condition::started}});
    f.engine.script_exec("dtx-r-db", 0, 3);
    f.start();
    CHECK(f.at("create dtx-r-api") >= 0);
    CHECK(f.at("exec dtx-r-db: slow") >= 0);
}

TEST_CASE("SQL files run statement by statement in order, each file reported", "[session][init]") {
    Fixture f;
    std::string schema = f.dir.write("schema.sql", "CREATE TABLE a (x int);\n-- seed\nINSERT INTO a VALUES (1);\n");
    std::string more = f.dir.write("more.sql", "SELECT 2");
    f.add("db", "postgres:16").dtx.init = {Fixture::sql(schema), Fixture::sql(more)};
    f.add("api", "img/api", {{"db", Condition::healthy}});
    f.start();
    CHECK(f.at("sql CREATE TABLE a (x int)") < f.at("sql INSERT INTO a VALUES (1)"));
    CHECK(f.at("sql INSERT INTO a VALUES (1)") < f.at("sql SELECT 2"));
    CHECK(f.at("sql SELECT 2") < f.at("create dtx-r-api"));
    CHECK(f.connected == std::vector<std::string>{"db", "db"});
    auto notes = f.reporter.notes();
    CHECK_THAT(notes, Catch::VectorContains(std::string("db: init schema.sql (2 statements) in 0 ms")));
    CHECK_THAT(notes, Catch::VectorContains(std::string("db: init more.sql (1 statement) in 0 ms")));
}

TEST_CASE("a failing SQL statement fails the run with the file and line the server pointed at, and tears down",
          "[session][init]") {
    Fixture f;
    std::string bad = f.dir.write("bad.sql", "SELECT 1;\n\nINSERT INTO a\n  BROKEN;\nSELECT 3;\n");
    f.add("db", "postgres:16").dtx.init = {Fixture::sql(bad)};
    f.add("api", "img/api", {{"db", Condition::healthy}});
    // The statement starts on line 3; the server points at its second line.
    CHECK(f.init_error() == "db: x-dtx.init failed: bad.sql:4: ERROR: syntax error at or near \"BROKEN\"");
    CHECK(f.at("sql SELECT 3") == -1);
    CHECK(f.at("create dtx-r-api") == -1);
    // The reason is said once, by the error; the progress line only says where it failed.
    CHECK_THAT(f.reporter.services(), Catch::VectorContains(std::string("db failed in x-dtx.init (bad.sql)")));
    // The tracker removed what the start created.
    CHECK(f.at("remove dtx-r-db") >= 0);
    CHECK(f.at("remove network dtx-r") >= 0);
}

TEST_CASE("an exec step that exits non-zero fails the run naming the step", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::exec({"psql", "-f", "/seed.sql"}), Fixture::exec({"never"})};
    f.add("api", "img/api", {{"db", Condition::healthy}});
    f.engine.script_exec("dtx-r-db", 3, 2);
    CHECK(f.init_error() == "db: x-dtx.init failed: exec psql -f /seed.sql exited with code 3");
    CHECK(f.at("exec dtx-r-db: never") == -1);
    CHECK(f.at("create dtx-r-api") == -1);
    CHECK(f.at("remove dtx-r-db") >= 0);
}

TEST_CASE("a run step runs on the host in the spec's directory with the started services' variables",
          "[session][init]") {
    Fixture f;
    f.add("cache", "img/cache");
    f.add("db", "postgres:16", {{"cache", Condition::healthy}}).dtx.init = {Fixture::run(
        {"/bin/sh", "-c", "pwd > out.txt; echo \"$DTX_DB_PORT $DTX_CACHE_PORT ${DTX_API_PORT:-none}\" >> out.txt"})};
    f.add("api", "img/api", {{"db", Condition::healthy}});
    auto endpoints = f.start();
    auto port_of = [&](const std::string& service) {
        auto e = std::find_if(endpoints.begin(), endpoints.end(), [&](const auto& x) { return x.service == service; });
        return std::to_string(e->tcp_ports.begin()->second);
    };
    std::string out = read(f.dir.path() + "/out.txt");
    CHECK(out == f.dir.path() + "\n" + port_of("db") + " " + port_of("cache") + " none\n");
}

TEST_CASE("a failing run step fails the run and shows its output", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::run({"/bin/sh", "-c", "echo boom >&2; exit 4"})};
    CHECK(f.init_error() == "db: x-dtx.init failed: run echo boom >&2; exit 4 exited with code 4");
    CHECK(f.reporter.logs() == std::vector<std::string>{"db: boom\n"});
}

TEST_CASE("a run step whose program does not exist fails the run naming it", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::run({"dtx-no-such-program"})};
    CHECK_THAT(f.init_error(), Catch::Contains("run dtx-no-such-program: command not found: dtx-no-such-program"));
}

TEST_CASE("SQL init on a service that is not a database is refused before anything is created", "[session][init]") {
    Fixture f;
    InitStep step = Fixture::sql(f.dir.write("a.sql", "SELECT 1"));
    step.location = {"compose.yaml", 9, 11};
    f.add("cache", "redis:7").dtx.init = {step};
    CHECK_THROWS_WITH(f.start(), Catch::Contains("compose.yaml:9:11: services.cache.x-dtx.init: x-dtx.init SQL needs "
                                                 "a postgres or mysql service, and cache is redis"));
    CHECK(f.engine.calls().empty());
}

TEST_CASE("a container that dtx up kept is not initialised again", "[session][init]") {
    Fixture f;
    f.add("db", "postgres:16").dtx.init = {Fixture::exec({"psql", "-c", "select 1"})};
    f.existing.network = true;
    f.existing.containers["db"] = f.engine.running("dtx-r-db");
    f.start();
    CHECK(f.engine.exec_commands().empty());
}
