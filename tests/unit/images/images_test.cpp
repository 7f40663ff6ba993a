#include "images/images.hpp"

#include "images/build.hpp"
#include "util/error.hpp"

#include "fakes/fake_engine.hpp"
#include "fakes/fake_env.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/tar_reader.hpp"
#include "fakes/temp_dir.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace dtx::images;
using dtx::engine::ImageInfo;
using dtx::fakes::FakeEngine;
using dtx::fakes::RecordingReporter;
using dtx::util::Errc;

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

// An image with id `id`, EXPOSE `ports`, built at `created` (RFC 3339; empty: unknown).
ImageInfo image_info(std::string id, std::vector<std::string> ports = {}, std::string created = {}) {
    ImageInfo info;
    info.id = std::move(id);
    info.exposed_ports = std::move(ports);
    info.created = std::move(created);
    return info;
}

// No docker config at all: pulls go without credentials.
const dtx::util::EnvLookup no_env = dtx::fakes::env_of({});

}  // namespace

TEST_CASE("present images are inspected once each and their EXPOSE ports returned", "[session]") {
    FakeEngine e;
    e.add_image("postgres:16", image_info("sha256:1", {"5432/tcp"}));
    RecordingReporter reporter;
    auto ports = ensure(e, project_of({svc("a", "postgres:16"), svc("b", "postgres:16")}), reporter, no_env);
    CHECK(ports == std::map<std::string, std::vector<std::string>>{{"postgres:16", {"5432/tcp"}}});
    CHECK(e.image_inspections() == 1);
    CHECK(e.calls().empty());  // nothing pulled or built
    CHECK(reporter.services().empty());
}

TEST_CASE("a missing image is pulled, reported, and inspected again", "[session]") {
    FakeEngine e;
    e.publish("redis:7", image_info("sha256:2", {"6379/tcp"}));
    RecordingReporter reporter;
    auto ports = ensure(e, project_of({svc("cache", "redis:7")}), reporter, no_env);
    CHECK(ports.at("redis:7") == std::vector<std::string>{"6379/tcp"});
    CHECK(reporter.services() == std::vector<std::string>{"cache pulling redis:7"});
    REQUIRE(e.pulls().size() == 1);
    CHECK(e.pulls()[0].ref == "redis:7");
    CHECK_FALSE(e.pulls()[0].auth.has_value());
    CHECK(e.image_inspections() == 2);
}

TEST_CASE("an image that cannot be pulled is an engine error naming the service and its location", "[session]") {
    FakeEngine e;
    e.fail("pull_image", "nope:1", {Errc::not_found, "pulling nope:1: pull access denied for nope"});
    RecordingReporter reporter;
    CHECK_THROWS_AS(ensure(e, project_of({svc("app", "nope:1")}), reporter, no_env), dtx::EngineError);
    CHECK_THROWS_WITH(ensure(e, project_of({svc("app", "nope:1")}), reporter, no_env),
                      "compose.yaml:3:5: services.app.image: image \"nope:1\" is not present locally and pulling it "
                      "failed (pulling nope:1: pull access denied for nope); build or load the image first, or fix "
                      "its name");
}

TEST_CASE("an image that cannot be inspected for another reason is an engine error", "[session]") {
    FakeEngine e;
    e.add_image("postgres:16");
    e.fail("inspect_image", "postgres:16", {Errc::server, "image postgres:16: layer store broken"});
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e, project_of({svc("db", "postgres:16")}), reporter, no_env),
                      "services.db.image: cannot inspect image \"postgres:16\": image postgres:16: layer store broken");
}

TEST_CASE("a pull carries the credentials docker login left in the docker config", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    // base64("user:secret")
    config.write("config.json", R"({"auths":{"127.0.0.1:5000":{"auth":"dXNlcjpzZWNyZXQ="}}})");
    FakeEngine e;
    e.publish("127.0.0.1:5000/app:1", image_info("sha256:3"));
    RecordingReporter reporter;
    ensure(e, project_of({svc("app", "127.0.0.1:5000/app:1")}), reporter,
           dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}}));
    auto pulls = e.pulls();
    REQUIRE(pulls.size() == 1);
    REQUIRE(pulls[0].auth.has_value());
    CHECK(pulls[0].auth->username == "user");
    CHECK(pulls[0].auth->password == "secret");
    CHECK(pulls[0].auth->server == "127.0.0.1:5000");
}

TEST_CASE("a docker config that cannot be read stops the pull with the file named", "[session]") {
    dtx::fakes::TempDir config("docker-config");
    config.write("config.json", "{not json");
    FakeEngine e;
    e.publish("redis:7");
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e, project_of({svc("cache", "redis:7")}), reporter,
                             dtx::fakes::env_of({{"DOCKER_CONFIG", config.path()}})),
                      Catch::Contains("services.cache.image: cannot pull \"redis:7\"") &&
                          Catch::Contains(config.path() + "/config.json"));
    CHECK(e.pulls().empty());
}

namespace {

// A service built from `context` (a Dockerfile written there), named by `image` or not at all.
dtx::compose::Service built(std::string name, const dtx::fakes::TempDir& context, std::string image = {}) {
    auto s = svc(std::move(name), std::move(image));
    s.build = dtx::compose::Build{context.path(), "Dockerfile", "", {}};
    return s;
}

// Progress messages carrying build output, in order.
std::vector<dtx::engine::Progress> output_of(const std::vector<std::string>& texts) {
    std::vector<dtx::engine::Progress> out;
    for (const auto& text : texts) {
        dtx::engine::Progress p;
        p.stream = text;
        out.push_back(p);
    }
    return out;
}

// What the classic builder streams: a step arrives in two messages, then the image id.
FakeEngine::BuildScript built_0123(std::vector<std::string> exposed_ports = {}) {
    FakeEngine::BuildScript script;
    script.image = image_info("sha256:0123456789abcdef0123", std::move(exposed_ports));
    script.progress = output_of({"Step 1/2 : FROM dtx-test/base:bookworm", "\n", " ---> 0740ebb551ef\n",
                                 "Step 2/2 : RUN echo built\n", "built\n"});
    dtx::engine::Progress aux;
    aux.aux_id = script.image.id;
    script.progress.push_back(aux);
    script.progress.push_back(output_of({"Successfully built 0123456789ab\n"}).front());
    return script;
}

// A context with a Dockerfile, a file its .dockerignore excludes, and one it keeps.
dtx::fakes::TempDir& context_dir() {
    static dtx::fakes::TempDir dir("app");
    dir.write("Dockerfile", "FROM dtx-test/base:bookworm\nRUN echo built\n");
    dir.write(".dockerignore", "secret.key\n");
    dir.write("secret.key", "hunter2");
    dir.write("app.txt", "app");
    return dir;
}

}  // namespace

TEST_CASE("a service with build: and no image: is built as <project>-<service> when it is missing",
          "[session][images]") {
    FakeEngine e;
    e.script_build("shop-app", built_0123({"8080/tcp"}));
    auto s = built("app", context_dir());
    s.build->target = "test";
    s.build->args = {{"GREETING", "hello world"}};
    auto project = project_of({s});
    RecordingReporter reporter;
    auto images = ensure_images(e, project, reporter, no_env);

    CHECK(project.services[0].image == "shop-app");
    CHECK(images.at("shop-app").exposed_ports == std::vector<std::string>{"8080/tcp"});
    auto builds = e.builds();
    REQUIRE(builds.size() == 1);
    CHECK(e.image_inspections() == 2);  // before and after the build
    const auto& build = builds[0];
    CHECK(build.dockerfile == "Dockerfile");
    CHECK(build.tags == std::vector<std::string>{"shop-app"});
    CHECK(build.target == "test");
    CHECK(build.build_args == std::map<std::string, std::string>{{"GREETING", "hello world"}});
    CHECK(build.labels == dtx::engine::Labels{{"dev.dtx.project", "shop"}, {"dev.dtx.service", "app"}});
    CHECK(e.image_labels("shop-app") == build.labels);
    CHECK(build.cancel != nullptr);  // Ctrl-C ends a long build
    auto entries = dtx::fakes::tar_entries(build.context_tar);
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
    FakeEngine e;
    e.script_build("registry.example/shop/app:dev", built_0123());
    RecordingReporter reporter;
    ensure(e, project_of({built("app", context_dir(), "registry.example/shop/app:dev")}), reporter, no_env);
    REQUIRE(e.builds().size() == 1);
    CHECK(e.builds()[0].tags == std::vector<std::string>{"registry.example/shop/app:dev"});
    CHECK(e.builds()[0].dockerfile == "Dockerfile");
    CHECK(e.pulls().empty());
    CHECK(e.has_image("registry.example/shop/app:dev"));
    CHECK(reporter.services().empty());  // no "pulling"
}

TEST_CASE("a remote build context goes to the engine as its URL, with nothing packed", "[session][images]") {
    FakeEngine e;
    e.script_build("shop-app", built_0123());
    auto s = built("app", context_dir());
    s.build->context = "https://git.example/acme/app.git#main:docker";
    s.build->remote = true;
    s.build->dockerfile = "Dockerfile.test";
    RecordingReporter reporter;
    ensure(e, project_of({s}), reporter, no_env);
    REQUIRE(e.builds().size() == 1);
    CHECK(e.builds()[0].remote == "https://git.example/acme/app.git#main:docker");
    CHECK(e.builds()[0].context_tar.empty());
    CHECK(e.builds()[0].dockerfile == "Dockerfile.test");
    CHECK(reporter.notes()[0] ==
          "app: building image shop-app from https://git.example/acme/app.git#main:docker (a "
          "remote context the engine fetches)");
}

TEST_CASE("dockerfile_inline is sent as a Dockerfile the context does not have", "[session][images]") {
    FakeEngine e;
    e.script_build("shop-app", built_0123());
    auto s = built("app", context_dir());
    s.build->dockerfile_inline = "FROM dtx-test/base:bookworm\nCOPY app.txt /\n";
    RecordingReporter reporter;
    ensure(e, project_of({s}), reporter, no_env);
    auto builds = e.builds();
    REQUIRE(builds.size() == 1);
    const auto& build = builds[0];
    REQUIRE(build.dockerfile.starts_with(".dockerfile."));
    auto entries = dtx::fakes::tar_entries(build.context_tar);
    REQUIRE(entries.count(build.dockerfile) == 1);
    CHECK(entries.at(build.dockerfile).content == "FROM dtx-test/base:bookworm\nCOPY app.txt /\n");
    CHECK(entries.count("app.txt") == 1);
}

TEST_CASE("a built image that is present is used as it is", "[session][images]") {
    FakeEngine e;
    e.add_image("shop-app", image_info("sha256:1"));
    RecordingReporter reporter;
    ensure(e, project_of({built("app", context_dir())}), reporter, no_env);
    CHECK(e.image_inspections() == 1);
    CHECK(e.calls().empty());  // nothing built or pulled
}

TEST_CASE("pull_policy build and --build build a present image again", "[session][images]") {
    for (bool force : {false, true}) {
        FakeEngine e;
        e.add_image("shop-app", image_info("sha256:1"));
        e.script_build("shop-app", built_0123());
        auto s = built("app", context_dir());
        s.pull_policy = force ? "missing" : "build";
        RecordingReporter reporter;
        ensure(e, project_of({s}), reporter, no_env, ImageOptions{force ? BuildWhen::always : BuildWhen::needed});
        CHECK(e.calls() == std::vector<std::string>{"build shop-app"});
        CHECK(e.image_inspections() == 2);
    }
}

TEST_CASE("a service that uses an image another service builds neither pulls nor builds it twice",
          "[session][images]") {
    FakeEngine e;
    e.script_build("shop/app:dev", built_0123());
    RecordingReporter reporter;
    // "a-worker" sorts first but must wait for "web"'s build.
    auto ports = ensure(e,
                        project_of({svc("a-worker", "shop/app:dev"), built("web", context_dir(), "shop/app:dev"),
                                    built("web2", context_dir(), "shop/app:dev")}),
                        reporter, no_env);
    CHECK(ports.size() == 1);
    CHECK(e.calls() == std::vector<std::string>{"build shop/app:dev"});  // one build, no pull
}

TEST_CASE(
    "a failed build names the service, the Dockerfile and the engine's message, and shows its output "
    "without colour escapes",
    "[session][images]") {
    FakeEngine e;
    FakeEngine::BuildScript failing;
    failing.progress =
        output_of({"Step 1/2 : FROM dtx-test/base:bookworm\n", "Step 2/2 : RUN false\n", "\u001b[91moh no\n\u001b[0m"});
    failing.failure = dtx::util::Failure{
        Errc::server, "building shop-app: The command '/bin/sh -c false' returned a non-zero code: 1"};
    e.script_build("shop-app", failing);
    auto s = built("app", context_dir());
    s.build->target = "test";
    RecordingReporter reporter;
    CHECK_THROWS_WITH(
        ensure(e, project_of({s}), reporter, no_env),
        "compose.yaml:3:5: services.app.build: building image \"shop-app\" from " + context_dir().path() +
            "/Dockerfile (target test) failed: The command '/bin/sh -c false' returned a non-zero code: 1");
    REQUIRE(reporter.logs().size() == 1);
    CHECK(reporter.logs()[0] == "app: Step 1/2 : FROM dtx-test/base:bookworm\nStep 2/2 : RUN false\noh no\n");
}

TEST_CASE("a build the engine refuses keeps the engine's message", "[session][images]") {
    FakeEngine e;
    FakeEngine::BuildScript refused;
    refused.failure = dtx::util::Failure{Errc::bad_request,
                                         "building shop-app: dockerfile parse error line 2: unknown instruction: FORM"};
    e.script_build("shop-app", refused);
    RecordingReporter reporter;
    CHECK_THROWS_AS(ensure(e, project_of({built("app", context_dir())}), reporter, no_env), dtx::EngineError);
    CHECK_THROWS_WITH(ensure(e, project_of({built("app", context_dir())}), reporter, no_env),
                      Catch::EndsWith("/Dockerfile failed: dockerfile parse error line 2: unknown instruction: FORM"));
    CHECK(reporter.logs().empty());  // no output: nothing to show
}

TEST_CASE("a context that cannot be packed stops before the engine is asked to build", "[session][images]") {
    FakeEngine e;
    auto s = built("app", context_dir());
    s.build->dockerfile = "Dockerfile.missing";
    RecordingReporter reporter;
    CHECK_THROWS_WITH(ensure(e, project_of({s}), reporter, no_env),
                      "compose.yaml:3:5: services.app.build: cannot build image \"shop-app\": cannot read the "
                      "Dockerfile " +
                          context_dir().path() + "/Dockerfile.missing: no such file");
    CHECK(e.builds().empty());
    CHECK(e.image_inspections() == 1);
}

TEST_CASE("pull_policy never and build use a local image only", "[session][images]") {
    for (const char* policy : {"never", "build"}) {
        FakeEngine e;
        e.publish("redis:7");
        auto s = svc("cache", "redis:7");
        s.pull_policy = policy;
        RecordingReporter reporter;
        CHECK_THROWS_WITH(
            ensure(e, project_of({s}), reporter, no_env),
            std::string("compose.yaml:3:5: services.cache.image: image \"redis:7\" is not present locally "
                        "and pull_policy is ") +
                policy + "; build or load the image first");
        CHECK(e.calls().empty());  // nothing pulled or built
        CHECK(e.image_inspections() == 1);
    }
}

TEST_CASE("pull_policy always pulls an image that is present", "[session][images]") {
    FakeEngine e;
    e.add_image("redis:7", image_info("sha256:2"));
    e.publish("redis:7", image_info("sha256:2"));
    auto s = svc("cache", "redis:7");
    s.pull_policy = "always";
    RecordingReporter reporter;
    ensure(e, project_of({s}), reporter, no_env);
    CHECK(reporter.services() == std::vector<std::string>{"cache pulling redis:7"});
    CHECK(e.calls() == std::vector<std::string>{"pull redis:7"});
    CHECK(e.image_inspections() == 2);
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
    FakeEngine e;
    e.add_image("shop-app", image_info("sha256:1"));
    auto s = built("app", context_dir());
    s.pull_policy = "build";
    RecordingReporter reporter;
    ensure(e, project_of({s}), reporter, no_env, ImageOptions{BuildWhen::never});
    CHECK(e.image_inspections() == 1);
    CHECK(e.calls().empty());  // nothing built or pulled
}

TEST_CASE("with --no-build a missing built image is an engine error that says why", "[session][images]") {
    FakeEngine e;
    RecordingReporter reporter;
    CHECK_THROWS_WITH(
        ensure(e, project_of({built("app", context_dir())}), reporter, no_env, ImageOptions{BuildWhen::never}),
        Catch::Contains("compose.yaml:3:5: services.app.build: image \"shop-app\" is not present locally "
                        "and --no-build forbids building it"));
    CHECK(e.builds().empty());
    CHECK(e.image_inspections() == 1);
}

TEST_CASE("a built image older than a file its context sends is used with a warning naming the file and --build",
          "[session][images]") {
    FakeEngine e;
    e.add_image("shop-api", image_info("sha256:1", {}, "2020-01-01T00:00:00Z"));
    dtx::fakes::TempDir dir("api");
    dir.write("Dockerfile", "FROM scratch\n");
    dir.write("main.go", "package main\n");
    auto project = project_of({built("api", dir)});
    project.directory = std::filesystem::path(dir.path()).parent_path().string();
    RecordingReporter reporter;
    ensure(e, project, reporter, no_env);
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
    FakeEngine e;
    e.add_image("shop-api", image_info("sha256:1", {}, "2026-01-01T00:00:00Z"));
    RecordingReporter reporter;
    ensure(e, project_of({built("api", dir)}), reporter, no_env);
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
