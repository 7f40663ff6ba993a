#include "images/images.hpp"

#include "images/build.hpp"
#include "util/error.hpp"

#include "fakes/fake_env.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/tar_reader.hpp"
#include "fakes/temp_dir.hpp"
#include "fakes/transport_engine.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace dtx::images;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TransportEngine;

namespace {

dtx::compose::Service svc(std::string name, std::string image) {
    dtx::compose::Service s;
    s.name = std::move(name);
    s.image = std::move(image);
    s.location = dtx::yaml::Location{"compose.yaml", 3, 5};
    return s;
}

dtx::compose::Project project_of(std::vector<dtx::compose::Service> services) {
    dtx::compose::Project p;
    p.name = "shop";
    p.services = std::move(services);
    return p;
}

// ensure_images names built images in the project it is given; the tests hand it a temporary.
// Returns the EXPOSE ports of each image.
std::map<std::string, std::vector<std::string>> ensure(dtx::engine::Engine& engine, dtx::compose::Project project,
                                                       dtx::report::Reporter& reporter, const dtx::util::EnvLookup& env,
                                                       const ImageOptions& options = {}) {
    std::map<std::string, std::vector<std::string>> ports;
    for (const auto& [name, info] : ensure_images(engine, project, reporter, env, options)) {
        ports[name] = info.exposed_ports;
    }
    return ports;
}

// No docker config at all: pulls go without credentials.
const dtx::util::EnvLookup no_env = dtx::fakes::env_of({});

}  // namespace

TEST_CASE("present images are inspected once each and their EXPOSE ports returned", "[session]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/postgres:16/json", 200,
                     R"({"Id":"sha256:1","Config":{"ExposedPorts":{"5432/tcp":{}}}})");
    RecordingReporter reporter;
    auto ports = ensure(e.engine(), project_of({svc("a", "postgres:16"), svc("b", "postgres:16")}), reporter, no_env);
    CHECK(ports == std::map<std::string, std::vector<std::string>>{{"postgres:16", {"5432/tcp"}}});
    CHECK(e.transport().request_lines().size() == 2);  // /version and one inspect
    CHECK(reporter.services().empty());
}

TEST_CASE("a missing image is pulled, reported, and inspected again", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image: redis:7"})");
    t.then("GET /v1.41/images/redis:7/json", 200, R"({"Id":"sha256:2","Config":{"ExposedPorts":{"6379/tcp":{}}}})");
    t.on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded newer image for redis:7\"}\n");
    RecordingReporter reporter;
    auto ports = ensure(e.engine(), project_of({svc("cache", "redis:7")}), reporter, no_env);
    CHECK(ports.at("redis:7") == std::vector<std::string>{"6379/tcp"});
    CHECK(reporter.services() == std::vector<std::string>{"cache pulling redis:7"});
    auto lines = t.request_lines();
    REQUIRE(lines.size() == 4);
    CHECK(lines[2] == "POST /v1.41/images/create?fromImage=redis&tag=7");
}

TEST_CASE("an image that cannot be pulled is an engine error naming the service and its location", "[session]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/nope:1/json", 404, R"({"message":"No such image: nope:1"})");
    t.on("POST /v1.41/images/create", 404, R"({"message":"pull access denied for nope"})");
    RecordingReporter reporter;
    CHECK_THROWS_AS(ensure(e.engine(), project_of({svc("app", "nope:1")}), reporter, no_env), dtx::EngineError);
    CHECK_THROWS_WITH(ensure(e.engine(), project_of({svc("app", "nope:1")}), reporter, no_env),
                      "compose.yaml:3:5: services.app.image: image \"nope:1\" is not present locally and pulling it "
                      "failed (pulling nope:1: pull access denied for nope); build or load the image first, or fix "
                      "its name");
}

TEST_CASE("an image that cannot be inspected for another reason is an engine error", "[session]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/postgres:16/json", 500, R"({"message":"layer store broken"})");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e.engine(), project_of({svc("db", "postgres:16")}), reporter, no_env),
                      "services.db.image: cannot inspect image \"postgres:16\": image postgres:16: layer store broken");
}

TEST_CASE("a pull carries the credentials docker login left in the docker config", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    // base64("user:secret")
    config.write("config.json", R"({"auths":{"127.0.0.1:5000":{"auth":"dXNlcjpzZWNyZXQ="}}})");
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/127.0.0.1:5000/app:1/json", 404, R"({"message":"No such image"})");
    t.then("GET /v1.41/images/127.0.0.1:5000/app:1/json", 200, R"({"Id":"sha256:3"})");
    t.on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded\"}\n");
    RecordingReporter reporter;
    ensure(e.engine(), project_of({svc("app", "127.0.0.1:5000/app:1")}), reporter,
           dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}}));
    auto requests = t.requests();
    REQUIRE(requests.size() == 4);
    REQUIRE(requests[2].headers.size() == 1);
    CHECK(requests[2].headers[0].rfind("X-Registry-Auth: ", 0) == 0);
}

TEST_CASE("a docker config that cannot be read stops the pull with the file named", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    config.write("config.json", "{not json");
    TransportEngine e;
    e.transport().on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image"})");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e.engine(), project_of({svc("cache", "redis:7")}), reporter,
                             dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}})),
                      Catch::Contains("services.cache.image: cannot pull \"redis:7\"") &&
                          Catch::Contains(config.path() + "/config.json"));
}

namespace {

// A service built from `context` (a Dockerfile written there), named by `image` or not at all.
dtx::compose::Service built(std::string name, const dtx::fakes::TempDir& context, std::string image = {}) {
    auto s = svc(std::move(name), std::move(image));
    s.build = dtx::compose::Build{context.path(), "Dockerfile", "", {}};
    return s;
}

// What the classic builder streams: a step arrives in two messages, then the image id.
constexpr const char* k_build_stream =
    "{\"stream\":\"Step 1/2 : FROM dtx-test/base:bookworm\"}\n{\"stream\":\"\\n\"}\n"
    "{\"stream\":\" ---> 0740ebb551ef\\n\"}\n{\"stream\":\"Step 2/2 : RUN echo built\\n\"}\n"
    "{\"stream\":\"built\\n\"}\n{\"aux\":{\"ID\":\"sha256:0123456789abcdef0123\"}}\n"
    "{\"stream\":\"Successfully built 0123456789ab\\n\"}\n";

// A context with a Dockerfile, a file its .dockerignore excludes, and one it keeps.
dtx::fakes::TempDir& context_dir() {
    static dtx::fakes::TempDir dir("app");
    dir.write("Dockerfile", "FROM dtx-test/base:bookworm\nRUN echo built\n");
    dir.write(".dockerignore", "secret.key\n");
    dir.write("secret.key", "hunter2");
    dir.write("app.txt", "app");
    return dir;
}

// The query string of a request, percent-decoded.
std::string query_of(const dtx::engine::HttpRequest& r) {
    std::string query = r.path.substr(r.path.find('?') + 1);
    std::string out;
    for (size_t i = 0; i < query.size(); ++i) {
        if (query[i] == '%' && i + 2 < query.size()) {
            out += static_cast<char>(std::stoi(query.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += query[i];
        }
    }
    return out;
}

}  // namespace

TEST_CASE("a service with build: and no image: is built as <project>-<service> when it is missing",
          "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/shop-app/json", 404, R"({"message":"No such image: shop-app:latest"})");
    t.then("GET /v1.41/images/shop-app/json", 200, R"({"Id":"sha256:0123","Config":{"ExposedPorts":{"8080/tcp":{}}}})");
    t.on("POST /v1.41/build", 200, k_build_stream);
    auto s = built("app", context_dir());
    s.build->target = "test";
    s.build->args = {{"GREETING", "hello world"}};
    auto project = project_of({s});
    RecordingReporter reporter;
    auto images = ensure_images(e.engine(), project, reporter, no_env);

    CHECK(project.services[0].image == "shop-app");
    CHECK(images.at("shop-app").exposed_ports == std::vector<std::string>{"8080/tcp"});
    auto requests = t.requests();
    REQUIRE(requests.size() == 4);  // /version, inspect, build, inspect
    const auto& build = requests[2];
    CHECK(build.content_type == "application/x-tar");
    std::string query = query_of(build);
    CHECK_THAT(query, Catch::Contains("dockerfile=Dockerfile&t=shop-app&target=test"));
    CHECK_THAT(query, Catch::Contains(R"(buildargs={"GREETING":"hello world"})"));
    CHECK_THAT(query, Catch::Contains(R"(labels={"dev.dtx.project":"shop","dev.dtx.service":"app"})"));
    auto entries = dtx::fakes::tar_entries(build.body);
    CHECK(entries.count("Dockerfile") == 1);
    CHECK(entries.count("app.txt") == 1);
    CHECK(entries.count("secret.key") == 0);
    auto notes = reporter.notes();
    REQUIRE(notes.size() == 4);
    CHECK_THAT(notes[0], Catch::StartsWith("app: building image shop-app from " + context_dir().path()));
    CHECK(notes[1] == "app: Step 1/2 : FROM dtx-test/base:bookworm");
    CHECK(notes[2] == "app: Step 2/2 : RUN echo built");
    CHECK(notes[3] == "app: built image shop-app (sha256:0123456789ab)");
}

TEST_CASE("a built service is tagged with its image: and is never pulled", "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/registry.example/shop/app:dev/json", 404, R"({"message":"No such image"})");
    t.then("GET /v1.41/images/registry.example/shop/app:dev/json", 200, R"({"Id":"sha256:1"})");
    t.on("POST /v1.41/build", 200, k_build_stream);
    RecordingReporter reporter;
    ensure(e.engine(), project_of({built("app", context_dir(), "registry.example/shop/app:dev")}), reporter, no_env);
    auto lines = t.request_lines();
    REQUIRE(lines.size() == 4);
    CHECK_THAT(lines[2],
               Catch::StartsWith("POST /v1.41/build?dockerfile=Dockerfile&t=registry.example%2Fshop%2Fapp%3Adev"));
    CHECK(reporter.services().empty());  // no "pulling"
}

TEST_CASE("a built image that is present is used as it is", "[session][images]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-app/json", 200, R"({"Id":"sha256:1"})");
    RecordingReporter reporter;
    ensure(e.engine(), project_of({built("app", context_dir())}), reporter, no_env);
    CHECK(e.transport().request_lines() == std::vector<std::string>{"GET /version", "GET /v1.41/images/shop-app/json"});
}

TEST_CASE("pull_policy build and --build build a present image again", "[session][images]") {
    for (bool force : {false, true}) {
        TransportEngine e;
        auto& t = e.transport();
        t.on("GET /v1.41/images/shop-app/json", 200, R"({"Id":"sha256:1"})");
        t.on("POST /v1.41/build", 200, k_build_stream);
        auto s = built("app", context_dir());
        s.pull_policy = force ? "missing" : "build";
        RecordingReporter reporter;
        ensure(e.engine(), project_of({s}), reporter, no_env,
               ImageOptions{force ? BuildWhen::always : BuildWhen::needed});
        auto lines = t.request_lines();
        REQUIRE(lines.size() == 4);
        CHECK_THAT(lines[2], Catch::StartsWith("POST /v1.41/build?"));
    }
}

TEST_CASE("a service that uses an image another service builds neither pulls nor builds it twice",
          "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/shop/app:dev/json", 404, R"({"message":"No such image"})");
    t.then("GET /v1.41/images/shop/app:dev/json", 200, R"({"Id":"sha256:1"})");
    t.on("POST /v1.41/build", 200, k_build_stream);
    RecordingReporter reporter;
    // "a-worker" sorts first but must wait for "web"'s build.
    auto ports = ensure(e.engine(),
                        project_of({svc("a-worker", "shop/app:dev"), built("web", context_dir(), "shop/app:dev"),
                                    built("web2", context_dir(), "shop/app:dev")}),
                        reporter, no_env);
    CHECK(ports.size() == 1);
    auto lines = t.request_lines();
    CHECK(std::count_if(lines.begin(), lines.end(), [](const auto& l) { return l.starts_with("POST"); }) == 1);
}

TEST_CASE(
    "a failed build names the service, the Dockerfile and the engine's message, and shows its output "
    "without colour escapes",
    "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/shop-app/json", 404, R"({"message":"No such image"})");
    t.on("POST /v1.41/build", 200,
         "{\"stream\":\"Step 1/2 : FROM dtx-test/base:bookworm\\n\"}\n{\"stream\":\"Step 2/2 : RUN false\\n\"}\n"
         "{\"stream\":\"\\u001b[91moh no\\n\\u001b[0m\"}\n"
         "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"},"
         "\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\n");
    auto s = built("app", context_dir());
    s.build->target = "test";
    RecordingReporter reporter;
    CHECK_THROWS_WITH(
        ensure(e.engine(), project_of({s}), reporter, no_env),
        "compose.yaml:3:5: services.app.build: building image \"shop-app\" from " + context_dir().path() +
            "/Dockerfile (target test) failed: The command '/bin/sh -c false' returned a non-zero code: 1");
    REQUIRE(reporter.logs().size() == 1);
    CHECK(reporter.logs()[0] == "app: Step 1/2 : FROM dtx-test/base:bookworm\nStep 2/2 : RUN false\noh no\n");
}

TEST_CASE("a build the engine refuses keeps the engine's message", "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/shop-app/json", 404, R"({"message":"No such image"})");
    t.on("POST /v1.41/build", 400, R"({"message":"dockerfile parse error line 2: unknown instruction: FORM"})");
    RecordingReporter reporter;
    CHECK_THROWS_AS(ensure(e.engine(), project_of({built("app", context_dir())}), reporter, no_env), dtx::EngineError);
    CHECK_THROWS_WITH(ensure(e.engine(), project_of({built("app", context_dir())}), reporter, no_env),
                      Catch::EndsWith("/Dockerfile failed: dockerfile parse error line 2: unknown instruction: FORM"));
    CHECK(reporter.logs().empty());  // no output: nothing to show
}

TEST_CASE("a context that cannot be packed stops before the engine is asked to build", "[session][images]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-app/json", 404, R"({"message":"No such image"})");
    auto s = built("app", context_dir());
    s.build->dockerfile = "Dockerfile.missing";
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e.engine(), project_of({s}), reporter, no_env),
                      "compose.yaml:3:5: services.app.build: cannot build image \"shop-app\": cannot read the "
                      "Dockerfile " +
                          context_dir().path() + "/Dockerfile.missing: no such file");
    CHECK(e.transport().request_lines().size() == 2);
}

TEST_CASE("pull_policy never and build use a local image only", "[session][images]") {
    for (const char* policy : {"never", "build"}) {
        TransportEngine e;
        e.transport().on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image"})");
        auto s = svc("cache", "redis:7");
        s.pull_policy = policy;
        RecordingReporter reporter;
        CHECK_THROWS_WITH(
            ensure(e.engine(), project_of({s}), reporter, no_env),
            std::string("compose.yaml:3:5: services.cache.image: image \"redis:7\" is not present locally "
                        "and pull_policy is ") +
                policy + "; build or load the image first");
        CHECK(e.transport().request_lines().size() == 2);
    }
}

TEST_CASE("pull_policy always pulls an image that is present", "[session][images]") {
    TransportEngine e;
    auto& t = e.transport();
    t.on("GET /v1.41/images/redis:7/json", 200, R"({"Id":"sha256:2"})");
    t.on("POST /v1.41/images/create", 200, "{\"status\":\"Image is up to date for redis:7\"}\n");
    auto s = svc("cache", "redis:7");
    s.pull_policy = "always";
    RecordingReporter reporter;
    ensure(e.engine(), project_of({s}), reporter, no_env);
    CHECK(reporter.services() == std::vector<std::string>{"cache pulling redis:7"});
    CHECK(t.request_lines().size() == 4);
}

TEST_CASE("the default name of a built image is lowercase and an image: wins", "[session][images]") {
    dtx::fakes::TempDir dir;
    auto project = project_of({built("Web.UI", dir), built("api", dir, "shop/api:1"), svc("db", "postgres:16")});
    name_built_images(project);
    CHECK(project.services[0].image == "shop-web.ui");
    CHECK(project.services[1].image == "shop/api:1");
    CHECK(project.services[2].image == "postgres:16");
}

TEST_CASE("with --no-build a present built image is used as it is, even with pull_policy build", "[session][images]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-app/json", 200, R"({"Id":"sha256:1"})");
    auto s = built("app", context_dir());
    s.pull_policy = "build";
    RecordingReporter reporter;
    ensure(e.engine(), project_of({s}), reporter, no_env, ImageOptions{BuildWhen::never});
    CHECK(e.transport().request_lines() == std::vector<std::string>{"GET /version", "GET /v1.41/images/shop-app/json"});
}

TEST_CASE("with --no-build a missing built image is an engine error that says why", "[session][images]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-app/json", 404, R"({"message":"No such image"})");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(
        ensure(e.engine(), project_of({built("app", context_dir())}), reporter, no_env, ImageOptions{BuildWhen::never}),
        Catch::Contains("compose.yaml:3:5: services.app.build: image \"shop-app\" is not present locally "
                        "and --no-build forbids building it"));
    CHECK(e.transport().request_lines().size() == 2);  // no build
}

TEST_CASE("a built image older than a file its context sends is used with a warning naming the file and --build",
          "[session][images]") {
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-api/json", 200, R"({"Id":"sha256:1","Created":"2020-01-01T00:00:00Z"})");
    dtx::fakes::TempDir dir("api");
    dir.write("Dockerfile", "FROM scratch\n");
    dir.write("main.go", "package main\n");
    auto project = project_of({built("api", dir)});
    project.directory = std::filesystem::path(dir.path()).parent_path().string();
    RecordingReporter reporter;
    ensure(e.engine(), project, reporter, no_env);
    REQUIRE(reporter.warnings().size() == 1);
    CHECK_THAT(reporter.warnings()[0], Catch::StartsWith("api: image shop-api built ") &&
                                           Catch::Contains(" days ago is older than ./api/") &&
                                           Catch::EndsWith(" s ago); run with --build"));
}

TEST_CASE("a built image newer than every file its context sends, or older only than ignored ones, gets no warning",
          "[session][images]") {
    dtx::fakes::TempDir dir("api");
    dir.write("Dockerfile", "FROM scratch\n");
    dir.write(".dockerignore", "notes.txt\n");
    auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * 400);
    for (const char* name : {"Dockerfile", ".dockerignore"}) {
        std::filesystem::last_write_time(std::filesystem::path(dir.path()) / name, old);
    }
    dir.write("notes.txt", "changed just now, but never sent");
    TransportEngine e;
    e.transport().on("GET /v1.41/images/shop-api/json", 200, R"({"Id":"sha256:1","Created":"2026-01-01T00:00:00Z"})");
    RecordingReporter reporter;
    ensure(e.engine(), project_of({built("api", dir)}), reporter, no_env);
    CHECK(reporter.warnings().empty());
}

TEST_CASE("build_decision says whether and why a build: service's image is built", "[session][images]") {
    auto s = built("app", context_dir());
    CHECK(build_decision(s, false, BuildWhen::needed).why == "built: the image is missing");
    CHECK(build_decision(s, true, BuildWhen::needed).why == "not built: the image is present (--build rebuilds it)");
    CHECK(build_decision(s, true, BuildWhen::always).why == "built: --build");
    CHECK(build_decision(s, false, BuildWhen::never).why == "not built: --no-build, and the image is missing");
    s.pull_policy = "build";
    CHECK(build_decision(s, true, BuildWhen::needed).build);
    CHECK_FALSE(build_decision(s, true, BuildWhen::never).build);
}
