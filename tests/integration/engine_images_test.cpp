// The image area against the real engine: pulls from a password-protected local registry (Debian's
// docker-registry, credentials from a `docker login` into a temporary DOCKER_CONFIG), multi-stage
// builds from an in-memory tar, tag and remove. Everything made here is removed by RAII guards.
#include "engine/registry_auth.hpp"
#include "fakes/temp_dir.hpp"
#include "images/tar.hpp"
#include "support/run_binary.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

using namespace dtx;
using namespace dtx::test;
using dtx::util::Errc;

namespace {

constexpr const char* k_base_image = "dtx-test/base:bookworm";
constexpr auto k_registry_start_timeout = std::chrono::seconds(15);

// Images a test made, force-removed at scope exit whatever happened.
struct ImageGuard {
    std::vector<std::string> refs;
    ~ImageGuard() {
        for (const auto& ref : refs) {
            (void)shared_engine().remove_image(ref, true);
        }
    }
};

// Debian's docker-registry on 127.0.0.1 behind htpasswd auth (user "user", password "pass"),
// stopped by its PID at scope exit. The engine treats 127.0.0.0/8 as an insecure registry, so
// plain HTTP is enough.
class LocalRegistry {
public:
    LocalRegistry() : m_dir("registry") {}
    ~LocalRegistry() { stop(); }
    LocalRegistry(const LocalRegistry&) = delete;
    LocalRegistry& operator=(const LocalRegistry&) = delete;

    // Starts it on a free port, retrying when another process took the port meanwhile.
    void start() {
        auto htpasswd = run_shell("htpasswd -Bbn user pass > " + m_dir.path() + "/htpasswd");
        REQUIRE(htpasswd.exit_code == 0);
        for (int attempt = 0; attempt < 3; ++attempt) {
            m_port = dtx::test::free_tcp_port();
            REQUIRE(m_port != 0);
            write_config();
            spawn();
            if (wait_ready()) {
                return;
            }
            stop();
        }
        FAIL("docker-registry did not start; its log: " << log());
    }

    std::string host() const { return "127.0.0.1:" + std::to_string(m_port); }
    std::string docker_config_dir() const { return m_dir.path() + "/docker-config"; }
    // The docker CLI with the temporary DOCKER_CONFIG: the user's ~/.docker is never touched.
    std::string docker() const { return "DOCKER_CONFIG=" + docker_config_dir() + " docker"; }

    void login() {
        auto r = run_shell("printf pass | " + docker() + " login -u user --password-stdin " + host());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }

    std::string log() const {
        std::ifstream in(m_dir.path() + "/registry.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

private:
    void write_config() {
        std::string dir = m_dir.path();
        m_dir.write("config.yml",
                    "version: 0.1\n"
                    "log:\n  level: error\n  accesslog:\n    disabled: true\n"
                    "storage:\n  filesystem:\n    rootdirectory: " +
                        dir +
                        "/data\n"
                        "http:\n  addr: " +
                        host() +
                        "\n"
                        "auth:\n  htpasswd:\n    realm: dtx-test\n    path: " +
                        dir + "/htpasswd\n");
    }

    void spawn() {
        std::string config = m_dir.path() + "/config.yml";
        std::string log_path = m_dir.path() + "/registry.log";
        m_pid = fork();
        if (m_pid == 0) {
            FILE* out = std::freopen(log_path.c_str(), "w", stdout);
            if (out == nullptr || dup2(fileno(stdout), 2) < 0) {
                _exit(90);
            }
            execl("/usr/bin/docker-registry", "docker-registry", "serve", config.c_str(), nullptr);
            _exit(91);
        }
        REQUIRE(m_pid > 0);
    }

    // Ready once /v2/ answers 401 (it wants the credentials); false when the process died first.
    bool wait_ready() {
        auto deadline = std::chrono::steady_clock::now() + k_registry_start_timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto r = run_shell("curl -s -o /dev/null -w '%{http_code}' http://" + host() + "/v2/");
            if (r.out == "401") {
                return true;
            }
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    void stop() {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int status = 0;
            while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
            m_pid = -1;
        }
    }

    fakes::TempDir m_dir;
    std::uint16_t m_port = 0;
    pid_t m_pid = -1;
};

engine::EnvLookup env_with_docker_config(const std::string& dir) {
    return [dir](const std::string& name) -> std::optional<std::string> {
        if (name == "DOCKER_CONFIG") {
            return dir;
        }
        return std::nullopt;
    };
}

std::string build_context(const std::string& dockerfile) {
    images::TarWriter tar;
    tar.add_file("Dockerfile", dockerfile);
    return tar.finish();
}

std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

}  // namespace

TEST_CASE("a pull from a password-protected registry succeeds with the credentials docker login stored",
          "[docker][engine][images]") {
    LocalRegistry registry;
    registry.start();
    registry.login();
    std::string ref = registry.host() + "/dtx-test/base:bookworm";
    ImageGuard images{{ref}};
    auto push = run_shell("docker tag " + std::string(k_base_image) + " " + ref + " && " + registry.docker() +
                          " push " + ref + " && docker rmi " + ref);
    INFO(push.err);
    REQUIRE(push.exit_code == 0);
    REQUIRE(shared_engine().inspect_image(ref).error().code == Errc::not_found);

    auto auth = engine::registry_auth_for(ref, env_with_docker_config(registry.docker_config_dir()));
    REQUIRE(auth.ok());
    REQUIRE(auth->has_value());
    CHECK((*auth)->username == "user");
    std::vector<std::string> statuses;
    auto pulled =
        shared_engine().pull_image(ref, &**auth, [&](const engine::Progress& p) { statuses.push_back(p.status); });
    INFO((pulled.ok() ? std::string() : pulled.error().message));
    REQUIRE(pulled.ok());
    CHECK_FALSE(statuses.empty());
    CHECK(std::any_of(statuses.begin(), statuses.end(),
                      [](const std::string& s) { return s.find("Downloaded newer image") != std::string::npos; }));
    auto pulled_image = shared_engine().inspect_image(ref);
    auto base = shared_engine().inspect_image(k_base_image);
    REQUIRE(pulled_image.ok());
    REQUIRE(base.ok());
    CHECK(pulled_image->id == base->id);

    // A tag the registry does not have is not_found, with the registry's words.
    auto missing = shared_engine().pull_image(registry.host() + "/dtx-test/base:nope", &**auth);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
    CHECK_THAT(missing.error().message, Catch::Contains("manifest unknown") || Catch::Contains("not found"));
}

TEST_CASE("a pull from a password-protected registry without credentials fails saying it is unauthorized",
          "[docker][engine][images]") {
    LocalRegistry registry;
    registry.start();
    std::string ref = registry.host() + "/dtx-test/base:bookworm";
    ImageGuard images{{ref}};

    auto anonymous = shared_engine().pull_image(ref);
    REQUIRE_FALSE(anonymous.ok());
    INFO(anonymous.error().message);
    CHECK_THAT(anonymous.error().message, Catch::StartsWith("pulling " + ref + ": "));
    CHECK_THAT(anonymous.error().message,
               Catch::Contains("no basic auth credentials") || Catch::Contains("unauthorized"));

    engine::RegistryAuth wrong{"user", "wrong", registry.host(), ""};
    auto refused = shared_engine().pull_image(ref, &wrong);
    REQUIRE_FALSE(refused.ok());
    INFO(refused.error().message);
    CHECK_THAT(refused.error().message, Catch::Contains("unauthorized"));
}

TEST_CASE("a multi-stage build stops at its target with the build args and labels asked for",
          "[docker][engine][images]") {
    std::string tag = unique_project("dtx-test/images-build") + ":1";
    ImageGuard images{{tag}};
    engine::BuildConfig spec;
    spec.context_tar = build_context(
        "FROM dtx-test/base:bookworm AS base\n"
        "RUN echo one > /one\n"
        "FROM base AS second\n"
        "ARG GREETING=unset\n"
        "RUN echo two > /two && echo \"$GREETING\" > /greeting\n"
        "FROM base AS final\n"
        "RUN echo final > /final\n");
    spec.tags = {tag};
    spec.target = "second";
    spec.build_args = {{"GREETING", "hello from dtx"}};
    spec.labels = {{"dev.dtx.test", "images"}};
    std::string output;
    auto id = shared_engine().build_image(spec, [&](const engine::Progress& p) { output += p.stream; });
    INFO(output);
    INFO((id.ok() ? std::string() : id.error().message));
    REQUIRE(id.ok());
    CHECK_THAT(*id, Catch::StartsWith("sha256:"));
    CHECK_THAT(output, Catch::Contains("FROM base AS second"));
    CHECK(shared_engine().inspect_image(tag)->id == *id);

    auto files = run_shell("docker run --rm " + tag + " sh -c 'cat /one /two /greeting; test ! -e /final'");
    INFO(files.err);
    CHECK(files.exit_code == 0);
    CHECK(files.out == "one\ntwo\nhello from dtx\n");
    auto label = run_shell("docker image inspect -f '{{index .Config.Labels \"dev.dtx.test\"}}' " + tag);
    CHECK(trim(label.out) == "images");
}

TEST_CASE("a failing build step is a failure carrying the engine's message", "[docker][engine][images]") {
    std::string tag = unique_project("dtx-test/images-fail") + ":1";
    ImageGuard images{{tag}};
    engine::BuildConfig spec;
    spec.context_tar = build_context("FROM dtx-test/base:bookworm\nRUN exit 3\n");
    spec.tags = {tag};
    auto id = shared_engine().build_image(spec);
    REQUIRE_FALSE(id.ok());
    CHECK_THAT(id.error().message, Catch::StartsWith("building " + tag + ": "));
    CHECK_THAT(id.error().message, Catch::Contains("returned a non-zero code: 3"));
    CHECK(shared_engine().inspect_image(tag).error().code == Errc::not_found);
}

TEST_CASE("a Dockerfile the engine cannot parse is a failure carrying the engine's message",
          "[docker][engine][images]") {
    std::string tag = unique_project("dtx-test/images-parse") + ":1";
    ImageGuard images{{tag}};
    engine::BuildConfig spec;
    spec.context_tar = build_context("FROM dtx-test/base:bookworm\nFORM nothing\n");
    spec.tags = {tag};
    auto id = shared_engine().build_image(spec);
    REQUIRE_FALSE(id.ok());
    INFO(id.error().message);
    CHECK_THAT(id.error().message, Catch::Contains("unknown instruction"));
}

TEST_CASE("tagging names the same image under a new reference and removing it leaves the source",
          "[docker][engine][images]") {
    std::string repo = unique_project("dtx-test/images-tag");
    std::string ref = repo + ":t1";
    ImageGuard images{{ref}};
    REQUIRE(shared_engine().tag_image(k_base_image, repo, "t1").ok());
    auto tagged = shared_engine().inspect_image(ref);
    auto base = shared_engine().inspect_image(k_base_image);
    REQUIRE(tagged.ok());
    REQUIRE(base.ok());
    CHECK(tagged->id == base->id);

    REQUIRE(shared_engine().remove_image(ref, false).ok());
    CHECK(shared_engine().inspect_image(ref).error().code == Errc::not_found);
    CHECK(shared_engine().inspect_image(k_base_image).ok());
    auto again = shared_engine().remove_image(ref, false);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::not_found);
    CHECK(shared_engine().tag_image("dtx-test/no-such-image:0", repo, "t2").error().code == Errc::not_found);
}
