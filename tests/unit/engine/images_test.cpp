// The image area over a fake transport: pull and build progress streams (split at every byte),
// failures inside them, the auth header, the build query, tag, remove and inspect paths.
#include "engine/json_images.hpp"
#include "fakes/transport_engine.hpp"
#include "util/base64.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using dtx::fakes::TransportEngine;
using dtx::util::Errc;
using Json = nlohmann::json;

namespace {

constexpr std::string_view k_pull_body =
    "{\"status\":\"Pulling from dtx-test/base\",\"id\":\"bookworm\"}\n"
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1024,\"total\":4096},"
    "\"progress\":\"[==>  ]\",\"id\":\"a1b2\"}\r\n"
    "not json at all\n"
    "\n"
    "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"a1b2\"}\n"
    "{\"status\":\"Status: Downloaded newer image for dtx-test/base:bookworm\"}";  // no final newline

constexpr std::string_view k_build_body =
    "{\"stream\":\"Step 1/2 : FROM dtx-test/base:bookworm\"}\n"
    "{\"stream\":\"\\n\"}\n"
    "{\"aux\":{\"ID\":\"sha256:5e1f\"}}\n"
    "{\"stream\":\"Successfully built 5e1f\\n\"}\n";

std::string decode_query_value(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// Every value of `key` in the query string of `path`, decoded, in order.
std::vector<std::string> query_values(const std::string& path, const std::string& key) {
    std::vector<std::string> values;
    std::string query = path.substr(path.find('?') + 1);
    size_t start = 0;
    while (start <= query.size()) {
        size_t end = query.find('&', start);
        std::string part = query.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.rfind(key + "=", 0) == 0) {
            values.push_back(decode_query_value(part.substr(key.size() + 1)));
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return values;
}

std::string header_value(const HttpRequest& request, const std::string& name) {
    for (const auto& line : request.headers) {
        if (line.rfind(name + ": ", 0) == 0) {
            return line.substr(name.size() + 2);
        }
    }
    return "";
}

}  // namespace

TEST_CASE("pull progress is delivered message by message however the stream is chunked", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, std::string(k_pull_body));
    for (size_t chunk = 1; chunk <= k_pull_body.size(); ++chunk) {
        rig.transport().set_chunk_size(chunk);
        std::vector<Progress> seen;
        auto status =
            rig.engine().pull_image("dtx-test/base:bookworm", nullptr, [&](const Progress& p) { seen.push_back(p); });
        INFO("chunk size " << chunk);
        REQUIRE(status.ok());
        REQUIRE(seen.size() == 4);
        CHECK(seen[0].status == "Pulling from dtx-test/base");
        CHECK(seen[0].id == "bookworm");
        CHECK(seen[1].status == "Downloading");
        CHECK(seen[1].id == "a1b2");
        CHECK(seen[1].current == 1024);
        CHECK(seen[1].total == 4096);
        CHECK(seen[2].status == "Pull complete");
        CHECK(seen[2].total == 0);
        CHECK(seen[3].status == "Status: Downloaded newer image for dtx-test/base:bookworm");
    }
}

TEST_CASE("a pull error inside the stream is a failure at every split, and later messages are not delivered",
          "[engine]") {
    const std::string body =
        "{\"status\":\"Pulling from x\"}\n"
        "{\"errorDetail\":{\"message\":\"manifest for x:1 not found: manifest unknown\"},"
        "\"error\":\"manifest for x:1 not found: manifest unknown\"}\n"
        "{\"status\":\"after\"}\n";
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, body);
    for (size_t chunk = 1; chunk <= body.size(); ++chunk) {
        rig.transport().set_chunk_size(chunk);
        std::vector<std::string> seen;
        auto status = rig.engine().pull_image("x:1", nullptr, [&](const Progress& p) { seen.push_back(p.status); });
        INFO("chunk size " << chunk);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == Errc::not_found);
        CHECK(status.error().message == "pulling x:1: manifest for x:1 not found: manifest unknown");
        CHECK(seen == std::vector<std::string>{"Pulling from x"});
    }
}

TEST_CASE("a pull error given only as errorDetail keeps its message; an unterminated one counts too", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, R"({"errorDetail":{"message":"disk full"}})");
    auto status = rig.engine().pull_image("x");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::server);
    CHECK(status.error().message == "pulling x: disk full");
}

TEST_CASE("pull errors say not_found for missing or hidden images and server for the rest", "[engine]") {
    auto code_for = [](const std::string& error) {
        TransportEngine rig;
        rig.transport().on("POST /v1.41/images/create", 200, Json{{"error", error}}.dump() + "\n");
        auto status = rig.engine().pull_image("x");
        REQUIRE_FALSE(status.ok());
        return status.error().code;
    };
    CHECK(code_for("pull access denied for x, repository does not exist or may require 'docker login'") ==
          Errc::not_found);
    CHECK(code_for("manifest unknown: manifest unknown") == Errc::not_found);
    CHECK(code_for("Error: image library/x:latest Not Found") == Errc::not_found);
    CHECK(code_for("unauthorized: authentication required") == Errc::server);
    CHECK(code_for("net/http: TLS handshake timeout") == Errc::server);
}

TEST_CASE("a pull the engine refuses before streaming keeps the engine's message and status", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 404,
                       R"({"message":"pull access denied for x, repository does not exist"})");
    auto status = rig.engine().pull_image("x");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::not_found);
    CHECK(status.error().message == "pulling x: pull access denied for x, repository does not exist");
}

TEST_CASE("a pull without credentials sends no auth header and has the 10 minute pull timeout", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, "");
    REQUIRE(rig.engine().pull_image("127.0.0.1:5000/team/app:2").ok());
    const auto request = rig.transport().requests().back();
    CHECK(request.method == "POST");
    CHECK(request.path == "/v1.41/images/create?fromImage=127.0.0.1%3A5000%2Fteam%2Fapp&tag=2");
    CHECK(request.headers.empty());
    CHECK(request.timeout == std::chrono::minutes(10));
}

TEST_CASE("a pull with a password sends base64url JSON of username, password and server", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, "");
    RegistryAuth auth{"user", "p?ss>>word", "127.0.0.1:5000", ""};
    REQUIRE(rig.engine().pull_image("127.0.0.1:5000/app:1", &auth).ok());
    std::string header = header_value(rig.transport().requests().back(), "X-Registry-Auth");
    REQUIRE_FALSE(header.empty());
    CHECK(header.find_first_of("+/") == std::string::npos);
    auto decoded = dtx::util::base64_decode(header);
    REQUIRE(decoded.ok());
    CHECK(Json::parse(*decoded) ==
          Json{{"username", "user"}, {"password", "p?ss>>word"}, {"serveraddress", "127.0.0.1:5000"}});
}

TEST_CASE("an identity token is sent instead of a username and password", "[engine]") {
    RegistryAuth auth{"ignored", "ignored", "https://index.docker.io/v1/", "tok-123"};
    auto decoded = dtx::util::base64_decode(json::registry_auth_header(auth));
    REQUIRE(decoded.ok());
    CHECK(Json::parse(*decoded) ==
          Json{{"identitytoken", "tok-123"}, {"serveraddress", "https://index.docker.io/v1/"}});
}

TEST_CASE("a progress line maps every field the engine sends", "[engine]") {
    auto p = json::parse_progress(
        R"({"id":"l1","status":"Extracting","stream":"text","progressDetail":{"current":5,"total":9},)"
        R"("errorDetail":{"message":"detail"},"aux":{"ID":"sha256:1"}})");
    REQUIRE(p.ok());
    CHECK(p->id == "l1");
    CHECK(p->status == "Extracting");
    CHECK(p->stream == "text");
    CHECK(p->current == 5);
    CHECK(p->total == 9);
    CHECK(p->error == "detail");
    CHECK(p->aux_id == "sha256:1");
    CHECK(json::parse_progress(R"({"error":"top","errorDetail":{"message":"detail"}})")->error == "top");
}

TEST_CASE("a progress line that is not a JSON object is invalid; a foreign aux is ignored", "[engine]") {
    CHECK(json::parse_progress("not json").error().code == Errc::invalid);
    CHECK_FALSE(json::parse_progress("[1,2]").ok());
    auto p = json::parse_progress(R"({"id":"moby.buildkit.trace","aux":"AAAA"})");
    REQUIRE(p.ok());
    CHECK(p->aux_id.empty());
}

TEST_CASE("a build posts the context as a tar with every option in the query", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, std::string(k_build_body));
    BuildConfig spec;
    spec.context_tar = std::string("tar\0bytes", 9);
    spec.dockerfile = "docker/Dockerfile.test";
    spec.tags = {"dtx-test/app:1", "dtx-test/app:latest"};
    spec.target = "second";
    spec.build_args = {{"VERSION", "1 & 2"}, {"A", "x"}};
    spec.labels = {{"dev.dtx.run", "r1"}};
    spec.no_cache = true;
    spec.pull = true;
    REQUIRE(rig.engine().build_image(spec).ok());
    const auto request = rig.transport().requests().back();
    CHECK(request.method == "POST");
    CHECK(request.content_type == "application/x-tar");
    CHECK(request.body == spec.context_tar);
    CHECK(request.path.rfind("/v1.41/build?dockerfile=docker%2FDockerfile.test&t=", 0) == 0);
    CHECK(query_values(request.path, "dockerfile") == std::vector<std::string>{"docker/Dockerfile.test"});
    CHECK(query_values(request.path, "t") == spec.tags);
    CHECK(query_values(request.path, "target") == std::vector<std::string>{"second"});
    auto args = query_values(request.path, "buildargs");
    REQUIRE(args.size() == 1);
    CHECK(Json::parse(args[0]) == Json{{"VERSION", "1 & 2"}, {"A", "x"}});
    auto labels = query_values(request.path, "labels");
    REQUIRE(labels.size() == 1);
    CHECK(Json::parse(labels[0]) == Json{{"dev.dtx.run", "r1"}});
    CHECK(query_values(request.path, "nocache") == std::vector<std::string>{"1"});
    CHECK(query_values(request.path, "pull") == std::vector<std::string>{"1"});
    CHECK(query_values(request.path, "rm") == std::vector<std::string>{"1"});
    CHECK(query_values(request.path, "forcerm") == std::vector<std::string>{"1"});
}

TEST_CASE("a remote build context is the remote= of the query", "[engine]") {
    BuildConfig spec;
    spec.remote = "https://git.example/acme/app.git#main:docker";
    CHECK(json::build_query(spec) ==
          "dockerfile=Dockerfile&remote=https%3A%2F%2Fgit.example%2Facme%2Fapp.git%23main%3Adocker&rm=1&forcerm=1");
}

TEST_CASE("a build with defaults asks only for the Dockerfile and container removal", "[engine]") {
    CHECK(json::build_query(BuildConfig{}) == "dockerfile=Dockerfile&rm=1&forcerm=1");
}

TEST_CASE("build output goes to progress and the aux id is returned however the stream is chunked", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, std::string(k_build_body));
    for (size_t chunk = 1; chunk <= k_build_body.size(); ++chunk) {
        rig.transport().set_chunk_size(chunk);
        std::string text;
        auto id = rig.engine().build_image(BuildConfig{}, [&](const Progress& p) { text += p.stream; });
        INFO("chunk size " << chunk);
        REQUIRE(id.ok());
        CHECK(*id == "sha256:5e1f");
        CHECK(text == "Step 1/2 : FROM dtx-test/base:bookworm\nSuccessfully built 5e1f\n");
    }
}

TEST_CASE("a build error inside the stream is a failure with the engine's message at every split", "[engine]") {
    const std::string body =
        "{\"stream\":\"Step 2/2 : RUN false\\n\"}\n"
        "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"},"
        "\"error\":\"The command '/bin/sh -c false' returned a non-zero code: 1\"}\n";
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, body);
    BuildConfig spec;
    spec.tags = {"dtx-test/app:1"};
    for (size_t chunk = 1; chunk <= body.size(); ++chunk) {
        rig.transport().set_chunk_size(chunk);
        auto id = rig.engine().build_image(spec);
        INFO("chunk size " << chunk);
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().code == Errc::server);
        CHECK(id.error().message ==
              "building dtx-test/app:1: The command '/bin/sh -c false' returned a non-zero code: 1");
    }
}

TEST_CASE("a build the engine refuses outright keeps its status and message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 400,
                       R"({"message":"dockerfile parse error line 1: unknown instruction: FORM"})");
    auto id = rig.engine().build_image(BuildConfig{});
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == Errc::bad_request);
    CHECK(id.error().message == "building an image: dockerfile parse error line 1: unknown instruction: FORM");
}

TEST_CASE("a build that reports no id is resolved by inspecting its first tag", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, "{\"stream\":\"done\\n\"}\n");
    rig.transport().on("GET /v1.41/images/127.0.0.1:5000/app:1/json", 200, R"({"Id":"sha256:77"})");
    BuildConfig spec;
    spec.tags = {"127.0.0.1:5000/app:1", "app:2"};
    auto id = rig.engine().build_image(spec);
    REQUIRE(id.ok());
    CHECK(*id == "sha256:77");
}

TEST_CASE("a build that reports no id and has no tag is a failure", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, "{\"stream\":\"done\\n\"}\n");
    auto id = rig.engine().build_image(BuildConfig{});
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().message == "building an image: the engine reported no image id");
}

TEST_CASE("a cancelled build hands the flag to the transport and fails instead of resolving an older tag",
          "[engine][images]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, "{\"stream\":\"Step 1/2 : FROM base\\n\"}\n");
    rig.transport().on("GET /v1.41/images/app:1/json", 200, R"({"Id":"sha256:old"})");
    std::atomic<bool> cancel{false};
    BuildConfig spec;
    spec.tags = {"app:1"};
    spec.cancel = &cancel;
    // The fake transport does not stop on its own: the flag is raised while the build streams.
    auto id = rig.engine().build_image(spec, [&](const Progress&) { cancel = true; });
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().message == "building app:1: cancelled");
    auto requests = rig.transport().requests();
    REQUIRE(requests.size() == 2);  // /version and the build: no inspect of the tag
    CHECK(requests[1].cancel == &cancel);
}

TEST_CASE("tagging posts the repository and tag to the source image's path", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/127.0.0.1:5000/team/app:1/tag", 201, "");
    REQUIRE(rig.engine().tag_image("127.0.0.1:5000/team/app:1", "dtx-test/copy", "v 2").ok());
    CHECK(rig.transport().request_lines().back() ==
          "POST /v1.41/images/127.0.0.1:5000/team/app:1/tag?repo=dtx-test%2Fcopy&tag=v%202");
}

TEST_CASE("tagging a missing image is not_found with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/nope/tag", 404, R"({"message":"No such image: nope:latest"})");
    auto status = rig.engine().tag_image("nope", "x", "");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::not_found);
    CHECK(rig.transport().request_lines().back() == "POST /v1.41/images/nope/tag?repo=x");
    CHECK_THAT(status.error().message, Catch::Contains("No such image: nope:latest"));
}

TEST_CASE("removing an image deletes its path, with force only when asked", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/images/dtx-test/app:1", 200, R"([{"Untagged":"dtx-test/app:1"}])");
    REQUIRE(rig.engine().remove_image("dtx-test/app:1", true).ok());
    REQUIRE(rig.engine().remove_image("dtx-test/app:1", false).ok());
    auto lines = rig.transport().request_lines();
    CHECK(lines[lines.size() - 2] == "DELETE /v1.41/images/dtx-test/app:1?force=1");
    CHECK(lines.back() == "DELETE /v1.41/images/dtx-test/app:1");
}

TEST_CASE("removing an image in use is a conflict, a missing one not_found", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/images/used", 409, R"({"message":"image is being used by running container"})");
    rig.transport().on("DELETE /v1.41/images/gone", 404, R"({"message":"No such image: gone:latest"})");
    CHECK(rig.engine().remove_image("used", false).error().code == Errc::conflict);
    CHECK(rig.engine().remove_image("gone", false).error().code == Errc::not_found);
    CHECK(rig.engine().remove_image("used", false).error().message ==
          "removing image used: image is being used by running container");
}

TEST_CASE("an image path keeps '/' and ':' as they are and encodes the rest", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/images/127.0.0.1:5000/x:1/json", 200, R"({"Id":"sha256:1"})");
    rig.transport().on("GET /v1.41/images/redis%40sha256:abc/json", 200, R"({"Id":"sha256:2"})");
    rig.transport().on("GET /v1.41/images/a%20b%3Fc%23d/json", 404, R"({"message":"no"})");
    CHECK(rig.engine().inspect_image("127.0.0.1:5000/x:1")->id == "sha256:1");
    CHECK(rig.engine().inspect_image("redis@sha256:abc")->id == "sha256:2");
    CHECK(rig.engine().inspect_image("a b?c#d").error().code == Errc::not_found);
}

// The wire side of what images/ asks (its own tests use FakeEngine).

TEST_CASE("inspecting an image reads its id, EXPOSE ports and creation time", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/images/postgres:16/json", 200,
                       R"({"Id":"sha256:1","Created":"2020-01-01T00:00:00Z",)"
                       R"("Config":{"ExposedPorts":{"5432/tcp":{}}}})");
    auto info = rig.engine().inspect_image("postgres:16");
    REQUIRE(info.ok());
    CHECK(info->id == "sha256:1");
    CHECK(info->exposed_ports == std::vector<std::string>{"5432/tcp"});
    CHECK(info->created == "2020-01-01T00:00:00Z");
}

TEST_CASE("a missing image is not_found and any other inspect failure keeps the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/images/redis:7/json", 404, R"({"message":"No such image: redis:7"})");
    rig.transport().on("GET /v1.41/images/postgres:16/json", 500, R"({"message":"layer store broken"})");
    CHECK(rig.engine().inspect_image("redis:7").error().code == Errc::not_found);
    auto broken = rig.engine().inspect_image("postgres:16");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == Errc::server);
    CHECK(broken.error().message == "image postgres:16: layer store broken");
}

TEST_CASE("a pull asks for the image's name and tag, latest when it has none", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/images/create", 200, "{\"status\":\"Downloaded newer image for redis:7\"}\n");
    REQUIRE(rig.engine().pull_image("redis:7").ok());
    CHECK(rig.transport().request_lines().back() == "POST /v1.41/images/create?fromImage=redis&tag=7");
    REQUIRE(rig.engine().pull_image("redis").ok());
    CHECK(rig.transport().request_lines().back() == "POST /v1.41/images/create?fromImage=redis&tag=latest");
}

TEST_CASE("a build tag keeps its registry, path and tag, encoded in the query", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/build", 200, std::string(k_build_body));
    BuildConfig spec;
    spec.tags = {"registry.example/shop/app:dev"};
    REQUIRE(rig.engine().build_image(spec).ok());
    CHECK(rig.transport().request_lines().back().rfind(
              "POST /v1.41/build?dockerfile=Dockerfile&t=registry.example%2Fshop%2Fapp%3Adev", 0) == 0);
}
