// The engine over TLS and through Docker contexts, end to end: a throwaway PKI made with the openssl
// CLI, and socat in front of the real engine socket acting as a TLS engine that verifies clients
// (what `dockerd --tlsverify` does).
#include "engine/curl_transport.hpp"
#include "engine/docker_engine.hpp"
#include "engine/docker_host.hpp"
#include "support/run_binary.hpp"
#include "util/sha256.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fakes/fake_env.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

using dtx::engine::DockerEngine;
using dtx::engine::EnvLookup;
using dtx::test::run_shell;
namespace fs = std::filesystem;

using dtx::fakes::env_of;

namespace {

constexpr const char* k_engine_socket = "/var/run/docker.sock";
constexpr auto k_listen_timeout = std::chrono::seconds(10);

bool accepts(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

// Runs a set-up command in `dir`; a failure stops the test with the command's stderr.
void shell(const std::string& dir, const std::string& command) {
    auto r = run_shell("cd '" + dir + "' && " + command);
    INFO(command << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
}

// A CA, a server certificate for 127.0.0.1 and a client certificate in `dir`, plus client
// directories laid out as DOCKER_CERT_PATH expects them:
//   client/   ca.pem cert.pem key.pem           the right CA and a client certificate
//   no-cert/  ca.pem                            no client certificate
//   wrong-ca/ ca.pem (another CA) cert.pem key.pem
void make_pki(const std::string& dir) {
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    shell(dir, "openssl req -x509 " + key + " -keyout ca-key.pem -out ca.pem -days 2 -subj '/CN=dtx test CA'");
    shell(dir, "openssl req -x509 " + key + " -keyout other-ca-key.pem -out other-ca.pem -days 2 -subj '/CN=other CA'");
    shell(dir, "openssl req " + key + " -keyout server-key.pem -out server.csr -subj '/CN=127.0.0.1'");
    shell(dir, "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext");
    shell(dir,
          "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 2 "
          "-extfile server.ext");
    shell(dir, "openssl req " + key + " -keyout key.pem -out client.csr -subj '/CN=dtx test client'");
    shell(dir, "printf 'extendedKeyUsage=clientAuth\\n' > client.ext");
    shell(dir,
          "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2 "
          "-extfile client.ext");
    shell(dir,
          "mkdir client no-cert wrong-ca && cp ca.pem cert.pem key.pem client/ && cp ca.pem no-cert/ && "
          "cp other-ca.pem wrong-ca/ca.pem && cp cert.pem key.pem wrong-ca/");
}

// The PKI directory and the socat process: killed by its PID and removed at scope exit. A member of
// TlsEngine so that a REQUIRE failing half-way through TlsEngine's constructor still cleans up.
struct Owned {
    fs::path dir = fs::temp_directory_path() / ("dtx-tls-" + dtx::test::unique_project("it"));
    pid_t pid = -1;

    Owned() = default;
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

// socat as a TLS engine in front of the real socket, requiring a client certificate from the CA.
class TlsEngine {
public:
    TlsEngine() {
        fs::create_directories(m_dir);
        make_pki(m_dir.string());
        m_port = dtx::test::free_tcp_port();
        REQUIRE(m_port > 0);
        std::string listen = "OPENSSL-LISTEN:" + std::to_string(m_port) +
                             ",bind=127.0.0.1,reuseaddr,fork,cert=server.pem,key=server-key.pem,cafile=ca.pem,verify=1";
        std::string target = std::string("UNIX-CONNECT:") + k_engine_socket;
        std::string log = (m_dir / "socat.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addchdir_np(&actions, m_dir.c_str());
        std::vector<std::string> args = {"socat", "-lp", "dtx-tls-test", listen, target};
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        int rc = posix_spawnp(&m_owned.pid, "socat", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        INFO("socat could not start (is it installed? scripts/install-deps.sh)");
        REQUIRE(rc == 0);
        auto deadline = std::chrono::steady_clock::now() + k_listen_timeout;
        while (!accepts(m_port) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        INFO("socat did not listen on port " << m_port);
        REQUIRE(accepts(m_port));
    }

    std::string host() const { return "tcp://127.0.0.1:" + std::to_string(m_port); }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
    std::string certs(const std::string& which) const { return (m_dir / which).string(); }

private:
    Owned m_owned;
    const fs::path& m_dir = m_owned.dir;
    int m_port = 0;
};

// One TLS engine for the whole process: generating the PKI and starting socat is the slow part.
TlsEngine& tls_engine() {
    static auto engine = std::make_unique<TlsEngine>();
    return *engine;
}

// A throwaway docker CLI config directory (DOCKER_CONFIG) holding contexts, never the real ~/.docker.
class DockerConfig {
public:
    DockerConfig() : m_dir(fs::temp_directory_path() / ("dtx-docker-config-" + dtx::test::unique_project("it"))) {
        fs::create_directories(m_dir);
    }
    ~DockerConfig() {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }
    DockerConfig(const DockerConfig&) = delete;
    DockerConfig& operator=(const DockerConfig&) = delete;

    std::string path() const { return m_dir.string(); }

    void write(const std::string& relative, const std::string& text) const {
        auto file = m_dir / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }

    // As `docker context create NAME --docker host=HOST` stores it.
    void add_context(const std::string& name, const std::string& host) const {
        write("contexts/meta/" + dtx::util::sha256_hex(name) + "/meta.json",
              R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")" + host +
                  R"(","SkipTLSVerify":false}}})");
    }

    void add_tls_file(const std::string& name, const std::string& file, const std::string& from) const {
        fs::path to = m_dir / "contexts/tls" / dtx::util::sha256_hex(name) / "docker" / file;
        fs::create_directories(to.parent_path());
        fs::copy_file(from, to);
    }

private:
    fs::path m_dir;
};

// The engine the environment resolves to, over libcurl, negotiated.
dtx::util::Result<std::unique_ptr<DockerEngine>> connect(const EnvLookup& env) {
    auto endpoint = dtx::engine::resolve_endpoint(env);
    if (!endpoint) {
        return endpoint.error();
    }
    auto engine = std::make_unique<DockerEngine>(std::make_unique<dtx::engine::CurlTransport>(endpoint.value()));
    if (auto status = engine->negotiate(); !status) {
        return status.error();
    }
    return engine;
}

void require_lists_containers(const EnvLookup& env) {
    auto engine = connect(env);
    INFO((engine ? std::string() : engine.error().message));
    REQUIRE(engine.ok());
    auto list = engine.value()->list_containers({"dev.dtx.test=engine-tls"});
    INFO((list ? std::string() : list.error().message));
    CHECK(list.ok());
}

std::string failure_of(const EnvLookup& env) {
    auto engine = connect(env);
    REQUIRE_FALSE(engine.ok());
    return engine.error().message;
}

}  // namespace

TEST_CASE("an engine behind TLS is reached with DOCKER_TLS_VERIFY and the client certificate", "[docker][engine]") {
    auto& tls = tls_engine();
    require_lists_containers(
        env_of({{"DOCKER_HOST", tls.host()}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", tls.certs("client")}}));
}

TEST_CASE("DOCKER_TLS reaches a TLS engine without verifying it, presenting the client certificate",
          "[docker][engine]") {
    auto& tls = tls_engine();
    // wrong-ca/ holds the client certificate with a CA that would fail verification: it is not used.
    require_lists_containers(
        env_of({{"DOCKER_HOST", tls.host()}, {"DOCKER_TLS", "1"}, {"DOCKER_CERT_PATH", tls.certs("wrong-ca")}}));
}

TEST_CASE("without a client certificate the TLS engine refuses, in one sentence naming the endpoint and certificates",
          "[docker][engine]") {
    auto& tls = tls_engine();
    auto message = failure_of(env_of({{"DOCKER_HOST", tls.url()}, {"DOCKER_CERT_PATH", tls.certs("no-cert")}}));
    CHECK_THAT(message, Catch::StartsWith("the TLS handshake with the Docker engine at " + tls.url() + " failed") &&
                            Catch::Contains(tls.certs("no-cert")) &&
                            Catch::Contains("no client certificate was presented"));
}

TEST_CASE("a TLS engine whose certificate is not signed by ca.pem is refused, naming the certificates",
          "[docker][engine]") {
    auto& tls = tls_engine();
    auto message = failure_of(
        env_of({{"DOCKER_HOST", tls.host()}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", tls.certs("wrong-ca")}}));
    CHECK_THAT(message, Catch::StartsWith("the TLS handshake with the Docker engine at " + tls.url() + " failed") &&
                            Catch::Contains(tls.certs("wrong-ca")) && Catch::Contains("DOCKER_CERT_PATH"));
}

TEST_CASE("a Docker context with TLS files reaches the TLS engine", "[docker][engine]") {
    auto& tls = tls_engine();
    DockerConfig config;
    config.add_context("dtx-it-tls", tls.host());
    for (const char* file : {"ca.pem", "cert.pem", "key.pem"}) {
        config.add_tls_file("dtx-it-tls", file, tls.certs("client") + "/" + file);
    }
    require_lists_containers(env_of({{"DOCKER_CONFIG", config.path()}, {"DOCKER_CONTEXT", "dtx-it-tls"}}));
}

TEST_CASE("DOCKER_CONTEXT naming a context on the engine's unix socket reaches the engine", "[docker][engine]") {
    DockerConfig config;
    config.add_context("dtx-it-local", std::string("unix://") + k_engine_socket);
    require_lists_containers(env_of({{"DOCKER_CONFIG", config.path()}, {"DOCKER_CONTEXT", "dtx-it-local"}}));
}

TEST_CASE("currentContext in config.json naming a unix context reaches the engine", "[docker][engine]") {
    DockerConfig config;
    config.add_context("dtx-it-current", std::string("unix://") + k_engine_socket);
    config.write("config.json", R"({"currentContext":"dtx-it-current"})");
    require_lists_containers(env_of({{"DOCKER_CONFIG", config.path()}}));
}
