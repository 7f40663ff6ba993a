// Credentials from docker's config.json: which registry a reference names, which auths entry
// matches it, and the credential-helper cases dtx refuses clearly.
#include "engine/registry_auth.hpp"

#include "fakes/fake_env.hpp"
#include "fakes/temp_dir.hpp"
#include "util/base64.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace dtx::engine;
using dtx::fakes::TempDir;
using dtx::util::Errc;

using dtx::fakes::env_of;

namespace {

std::string auth_of(const std::string& user_password) {
    return dtx::util::base64_encode(user_password);
}

std::optional<RegistryAuth> auth_for(const std::string& config, const std::string& ref) {
    auto auth = registry_auth_from_config(config, "/cfg/config.json", ref);
    REQUIRE(auth.ok());
    return *auth;
}

}  // namespace

TEST_CASE("a reference's registry is its first part when that looks like a host, else Docker Hub", "[engine]") {
    CHECK(registry_of("postgres") == "docker.io");
    CHECK(registry_of("postgres:16") == "docker.io");
    CHECK(registry_of("library/postgres:16") == "docker.io");
    CHECK(registry_of("dtx-test/base:bookworm") == "docker.io");
    CHECK(registry_of("docker.io/library/redis") == "docker.io");
    CHECK(registry_of("index.docker.io/library/redis") == "docker.io");
    CHECK(registry_of("127.0.0.1:5000/x:1") == "127.0.0.1:5000");
    CHECK(registry_of("ghcr.io/org/app@sha256:abc") == "ghcr.io");
    CHECK(registry_of("localhost/app") == "localhost");
    CHECK(registry_of("registry:5000/team/app") == "registry:5000");
}

TEST_CASE("the config file is in DOCKER_CONFIG, else in HOME/.docker", "[engine]") {
    CHECK(docker_config_file(env_of({{"DOCKER_CONFIG", "/etc/dc"}, {"HOME", "/home/u"}})) == "/etc/dc/config.json");
    CHECK(docker_config_file(env_of({{"DOCKER_CONFIG", ""}, {"HOME", "/home/u"}})) == "/home/u/.docker/config.json");
    CHECK(docker_config_file(env_of({})).empty());
}

TEST_CASE("an inline auth is decoded into user and password, split at the first colon", "[engine]") {
    std::string config = R"({"auths":{"127.0.0.1:5000":{"auth":")" + auth_of("user:pa:ss") + R"("}}})";
    auto auth = auth_for(config, "127.0.0.1:5000/x:1");
    REQUIRE(auth.has_value());
    CHECK(auth->username == "user");
    CHECK(auth->password == "pa:ss");
    CHECK(auth->server == "127.0.0.1:5000");
    CHECK(auth->identity_token.empty());
}

TEST_CASE("username and password fields and identity tokens are accepted too", "[engine]") {
    auto plain = auth_for(R"({"auths":{"ghcr.io":{"username":"u","password":"p"}}})", "ghcr.io/o/a");
    REQUIRE(plain.has_value());
    CHECK(plain->username == "u");
    CHECK(plain->password == "p");
    auto token = auth_for(R"({"auths":{"ghcr.io":{"identitytoken":"tok"}}})", "ghcr.io/o/a");
    REQUIRE(token.has_value());
    CHECK(token->identity_token == "tok");
}

TEST_CASE("keys with a scheme or a path match by host", "[engine]") {
    std::string config = R"({"auths":{"https://127.0.0.1:5000":{"auth":")" + auth_of("a:b") +
                         R"("},"http://localhost/v2/":{"auth":")" + auth_of("c:d") + R"("}}})";
    CHECK(auth_for(config, "127.0.0.1:5000/x:1")->username == "a");
    CHECK(auth_for(config, "localhost/x")->username == "c");
    CHECK_FALSE(auth_for(config, "127.0.0.1:5001/x").has_value());
}

TEST_CASE("Docker Hub credentials are found under the v1 URL or docker.io, the URL first", "[engine]") {
    std::string both = R"({"auths":{"docker.io":{"auth":")" + auth_of("short:1") +
                       R"("},"https://index.docker.io/v1/":{"auth":")" + auth_of("hub:2") + R"("}}})";
    auto auth = auth_for(both, "postgres:16");
    REQUIRE(auth.has_value());
    CHECK(auth->username == "hub");
    CHECK(auth->server == "https://index.docker.io/v1/");
    std::string short_only = R"({"auths":{"docker.io":{"auth":")" + auth_of("short:1") + R"("}}})";
    CHECK(auth_for(short_only, "dtx-test/base:bookworm")->username == "short");
    CHECK_FALSE(auth_for(short_only, "127.0.0.1:5000/x").has_value());
}

TEST_CASE("a registry with no entry, or an empty one and no helper, has no credentials", "[engine]") {
    CHECK_FALSE(auth_for(R"({})", "postgres").has_value());
    CHECK_FALSE(auth_for(R"({"auths":{"ghcr.io":{}}})", "ghcr.io/x").has_value());
}

TEST_CASE("a credHelpers entry for the registry without inline auth is refused with advice", "[engine]") {
    auto auth =
        registry_auth_from_config(R"({"credHelpers":{"https://ghcr.io":"gh"}})", "/cfg/config.json", "ghcr.io/o/app:1");
    REQUIRE_FALSE(auth.ok());
    CHECK(auth.error().message ==
          "/cfg/config.json: credential helper docker-credential-gh is not supported by dtx yet; run "
          "`docker pull ghcr.io/o/app:1` first or put the auth in config.json");
    CHECK_FALSE(auth_for(R"({"credHelpers":{"ghcr.io":"gh"}})", "quay.io/o/app").has_value());
}

TEST_CASE("a credsStore holding the registry's login is refused; inline auth still wins over it", "[engine]") {
    auto stored = registry_auth_from_config(R"({"credsStore":"desktop","auths":{"https://index.docker.io/v1/":{}}})",
                                            "/cfg/config.json", "redis:7");
    REQUIRE_FALSE(stored.ok());
    CHECK_THAT(stored.error().message,
               Catch::Contains("credential helper docker-credential-desktop is not supported") &&
                   Catch::Contains("`docker pull redis:7`"));
    std::string inline_auth =
        R"({"credsStore":"desktop","auths":{"127.0.0.1:5000":{"auth":")" + auth_of("u:p") + R"("}}})";
    CHECK(auth_for(inline_auth, "127.0.0.1:5000/x")->username == "u");
}

TEST_CASE("a credsStore with no entry for the registry leaves the pull anonymous", "[engine]") {
    // Docker Desktop sets credsStore for everyone: refusing here would break every public pull.
    CHECK_FALSE(auth_for(R"({"credsStore":"desktop","auths":{"ghcr.io":{}}})", "postgres:16").has_value());
}

TEST_CASE("malformed JSON or a bad auth value fails naming the file", "[engine]") {
    auto broken = registry_auth_from_config("{\"auths\":", "/cfg/config.json", "x");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == Errc::invalid);
    CHECK_THAT(broken.error().message, Catch::StartsWith("cannot read /cfg/config.json: "));
    CHECK_FALSE(registry_auth_from_config("[]", "/cfg/config.json", "x").ok());
    auto bad = registry_auth_from_config(R"({"auths":{"ghcr.io":{"auth":"bm9jb2xvbg=="}}})", "/cfg/config.json",
                                         "ghcr.io/x");  // "nocolon"
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "/cfg/config.json: the auth for ghcr.io is not base64 \"user:password\"");
    CHECK_FALSE(registry_auth_from_config(R"({"auths":{"ghcr.io":{"auth":"!!"}}})", "f", "ghcr.io/x").ok());
}

TEST_CASE("credentials are read from the file the environment names; a missing file means none", "[engine]") {
    TempDir dir("docker-config");
    auto env = env_of({{"DOCKER_CONFIG", dir.path()}, {"HOME", "/nonexistent"}});
    auto none = registry_auth_for("127.0.0.1:5000/x", env);
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());

    dir.write("config.json", R"({"auths":{"127.0.0.1:5000":{"auth":")" + auth_of("user:pass") + R"("}}})");
    auto found = registry_auth_for("127.0.0.1:5000/x", env);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->password == "pass");

    dir.write("config.json", "{not json");
    auto broken = registry_auth_for("127.0.0.1:5000/x", env);
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.error().message, Catch::Contains(dir.path() + "/config.json"));
}

TEST_CASE("without DOCKER_CONFIG or HOME there are no credentials", "[engine]") {
    auto none = registry_auth_for("postgres", env_of({}));
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
}
