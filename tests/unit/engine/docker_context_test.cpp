#include "engine/docker_context.hpp"

#include "fakes/fake_env.hpp"
#include "fakes/temp_dir.hpp"
#include "unit/engine/endpoint_checks.hpp"
#include "util/sha256.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

using dtx::engine::current_context;
using dtx::engine::docker_config_dir;
using dtx::engine::Endpoint;
using dtx::engine::EnvLookup;
using dtx::engine::resolve_endpoint;
using dtx::fakes::TempDir;
using dtx::test::resolve;
using dtx::test::resolve_error;

namespace {

// A docker CLI config directory (DOCKER_CONFIG) laid out as `docker context create` leaves it.
class ConfigDir {
public:
    std::string path() const { return m_dir.path(); }

    void write(const std::string& relative, const std::string& text) const {
        auto file = std::filesystem::path(m_dir.path()) / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }

    void add_context(const std::string& name, const std::string& host, bool skip_tls_verify = false) const {
        write("contexts/meta/" + dtx::util::sha256_hex(name) + "/meta.json",
              R"({"Name":")" + name + R"(","Metadata":{},"Endpoints":{"docker":{"Host":")" + host +
                  R"(","SkipTLSVerify":)" + (skip_tls_verify ? "true" : "false") + "}}}");
    }

    std::string tls_dir(const std::string& name) const {
        return path() + "/contexts/tls/" + dtx::util::sha256_hex(name) + "/docker";
    }

    void add_tls(const std::string& name, std::initializer_list<const char*> files) const {
        for (const char* f : files) {
            write("contexts/tls/" + dtx::util::sha256_hex(name) + "/docker/" + f, "-----BEGIN-----\n");
        }
    }

    // The environment of a shell using this directory, plus `extra`.
    EnvLookup env(std::map<std::string, std::string> extra = {}) const {
        extra.emplace("DOCKER_CONFIG", path());
        return dtx::fakes::env_of(std::move(extra));
    }

private:
    TempDir m_dir{"docker-config"};
};

}  // namespace

TEST_CASE("a context is stored under the sha256 of its name, as the docker CLI does", "[engine]") {
    // `docker context create ci` writes contexts/meta/<this>/meta.json.
    CHECK(dtx::util::sha256_hex("default") == "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f");
}

TEST_CASE("the docker config directory is DOCKER_CONFIG, else $HOME/.docker", "[engine]") {
    using dtx::fakes::env_of;
    CHECK(docker_config_dir(env_of({{"DOCKER_CONFIG", "/cfg"}, {"HOME", "/home/u"}})) == "/cfg");
    CHECK(docker_config_dir(env_of({{"HOME", "/home/u"}})) == "/home/u/.docker");
    CHECK_FALSE(docker_config_dir(env_of({})));
}

TEST_CASE("DOCKER_CONTEXT selects a unix context", "[engine]") {
    ConfigDir config;
    config.add_context("rootless", "unix:///run/user/1000/docker.sock");
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "rootless"}}));
    CHECK(e.kind == Endpoint::Kind::unix_socket);
    CHECK(e.address == "/run/user/1000/docker.sock");
    CHECK_FALSE(e.tls);
}

TEST_CASE("DOCKER_CONTEXT selects a plain tcp context with the default port", "[engine]") {
    ConfigDir config;
    config.add_context("remote", "tcp://10.0.0.7");
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "remote"}}));
    CHECK(e.to_string() == "tcp://10.0.0.7:2375");
}

TEST_CASE("DOCKER_HOST wins over DOCKER_CONTEXT and currentContext", "[engine]") {
    ConfigDir config;
    config.add_context("remote", "tcp://10.0.0.7:2375");
    config.write("config.json", R"({"currentContext":"remote"})");
    auto e = resolve(config.env({{"DOCKER_HOST", "unix:///tmp/d.sock"}, {"DOCKER_CONTEXT", "remote"}}));
    CHECK(e.address == "/tmp/d.sock");
}

TEST_CASE("currentContext in config.json selects the context when DOCKER_CONTEXT is unset", "[engine]") {
    ConfigDir config;
    config.add_context("remote", "tcp://10.0.0.7:2380");
    config.write("config.json", R"({"auths":{},"currentContext":"remote"})");
    CHECK(resolve(config.env()).address == "10.0.0.7:2380");
}

TEST_CASE("DOCKER_CONTEXT wins over currentContext", "[engine]") {
    ConfigDir config;
    config.add_context("a", "unix:///a.sock");
    config.add_context("b", "unix:///b.sock");
    config.write("config.json", R"({"currentContext":"a"})");
    CHECK(resolve(config.env({{"DOCKER_CONTEXT", "b"}})).address == "/b.sock");
}

TEST_CASE("currentContext is found through $HOME/.docker when DOCKER_CONFIG is unset", "[engine]") {
    TempDir home("home");
    std::filesystem::create_directories(home.path() + "/.docker/contexts/meta/" + dtx::util::sha256_hex("x"));
    home.write(".docker/config.json", R"({"currentContext":"x"})");
    home.write(".docker/contexts/meta/" + dtx::util::sha256_hex("x") + "/meta.json",
               R"({"Name":"x","Endpoints":{"docker":{"Host":"unix:///x.sock"}}})");
    auto env = [home = home.path()](const std::string& n) -> std::optional<std::string> {
        return n == "HOME" ? std::optional<std::string>(home) : std::nullopt;
    };
    CHECK(resolve(env).address == "/x.sock");
}

TEST_CASE("the default context, named or implied, is the default socket", "[engine]") {
    ConfigDir config;
    CHECK(resolve(config.env()).address == "/var/run/docker.sock");  // no config.json at all
    CHECK(resolve(config.env({{"DOCKER_CONTEXT", "default"}})).address == "/var/run/docker.sock");
    config.write("config.json", R"({"currentContext":"default"})");
    CHECK(resolve(config.env()).address == "/var/run/docker.sock");
    config.write("config.json", R"({"auths":{}})");
    CHECK(resolve(config.env()).address == "/var/run/docker.sock");
}

TEST_CASE("an unknown context is named, with the meta directory and the contexts it holds", "[engine]") {
    ConfigDir config;
    config.add_context("beta", "unix:///b.sock");
    config.add_context("alpha", "unix:///a.sock");
    auto message = resolve_error(config.env({{"DOCKER_CONTEXT", "nope"}}));
    CHECK_THAT(message, Catch::Contains("Docker context \"nope\" (from DOCKER_CONTEXT) does not exist") &&
                            Catch::Contains(config.path() + "/contexts/meta") &&
                            Catch::Contains("known: default, alpha, beta"));
}

TEST_CASE("an unknown currentContext names config.json as its origin", "[engine]") {
    ConfigDir config;
    config.write("config.json", R"({"currentContext":"gone"})");
    CHECK_THAT(resolve_error(config.env()),
               Catch::Contains("\"gone\"") && Catch::Contains(config.path() + "/config.json"));
}

TEST_CASE("a config.json that is not JSON is an error naming the file", "[engine]") {
    ConfigDir config;
    config.write("config.json", "{not json");
    CHECK_THAT(resolve_error(config.env()), Catch::Contains(config.path() + "/config.json is not valid JSON"));
}

TEST_CASE("current_context is empty when config.json has no currentContext", "[engine]") {
    ConfigDir config;
    config.write("config.json", R"({"currentContext":""})");
    auto current = current_context(config.path());
    REQUIRE(current.ok());
    CHECK_FALSE(current.value());
}

TEST_CASE("a context whose meta.json has no docker Host is an error naming the context", "[engine]") {
    ConfigDir config;
    config.write("contexts/meta/" + dtx::util::sha256_hex("k8s") + "/meta.json",
                 R"({"Name":"k8s","Endpoints":{"kubernetes":{}}})");
    CHECK_THAT(resolve_error(config.env({{"DOCKER_CONTEXT", "k8s"}})),
               Catch::Contains("\"k8s\"") && Catch::Contains("Endpoints.docker.Host"));
}

TEST_CASE("a context with an unsupported Host names the context", "[engine]") {
    ConfigDir config;
    config.add_context("viassh", "ssh://me@host");
    CHECK_THAT(resolve_error(config.env({{"DOCKER_CONTEXT", "viassh"}})),
               Catch::Contains("Docker context \"viassh\" Host=\"ssh://me@host\": unsupported scheme"));
}

TEST_CASE("a context with TLS files verifies against its ca.pem and presents its client certificate", "[engine]") {
    ConfigDir config;
    config.add_context("secure", "tcp://10.0.0.9");
    config.add_tls("secure", {"ca.pem", "cert.pem", "key.pem"});
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "secure"}}));
    CHECK(e.to_string() == "https://10.0.0.9:2376");
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
    CHECK(e.tls->ca_file == config.tls_dir("secure") + "/ca.pem");
    CHECK(e.tls->cert_file == config.tls_dir("secure") + "/cert.pem");
    CHECK(e.tls->key_file == config.tls_dir("secure") + "/key.pem");
    CHECK_THAT(e.tls->origin, Catch::Contains("context \"secure\"") && Catch::Contains(config.tls_dir("secure")));
}

TEST_CASE("a context with only a client certificate verifies against the system's CA store", "[engine]") {
    ConfigDir config;
    config.add_context("public", "tcp://docker.example.com:2376");
    config.add_tls("public", {"cert.pem", "key.pem"});
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "public"}}));
    REQUIRE(e.tls);
    CHECK(e.tls->verify);
    CHECK(e.tls->ca_file.empty());
    CHECK_FALSE(e.tls->cert_file.empty());
}

TEST_CASE("a context with SkipTLSVerify speaks TLS without verifying", "[engine]") {
    ConfigDir config;
    config.add_context("lab", "tcp://10.0.0.9", true);
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "lab"}}));
    REQUIRE(e.tls);
    CHECK_FALSE(e.tls->verify);
    CHECK(e.address == "10.0.0.9:2376");
}

TEST_CASE("a context ignores the DOCKER_TLS_VERIFY variables, as the docker CLI does", "[engine]") {
    ConfigDir config;
    config.add_context("remote", "tcp://10.0.0.7:2375");
    auto e = resolve(config.env({{"DOCKER_CONTEXT", "remote"}, {"DOCKER_TLS_VERIFY", "1"}}));
    CHECK_FALSE(e.tls);
}
