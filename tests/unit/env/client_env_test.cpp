// The AWS SDKs' variables for s3 and dynamodb emulators (the other kinds: connection_env_test.cpp).
#include "env/client_env.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace dtx::env;
using dtx::kind::Credentials;
using dtx::kind::Kind;

namespace {

ServiceEndpoint emulator(std::string name, Kind kind, std::uint16_t port, Credentials credentials = {}) {
    ServiceEndpoint e;
    e.service = std::move(name);
    e.kind = kind;
    e.host = "127.0.0.1";
    std::uint16_t inside = kind == Kind::s3 ? 9000 : 8000;
    e.tcp_ports = {{inside, port}};
    e.main_port = inside;
    e.credentials = std::move(credentials);
    return e;
}

ConnectionEnv client_env(const std::vector<ServiceEndpoint>& endpoints) {
    ConnectionEnv out;
    add_client_env(endpoints, out);
    return out;
}

std::optional<std::string> find(const EnvList& env, const std::string& key) {
    auto it = std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == key; });
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
}

}  // namespace

TEST_CASE("one minio sets the S3 endpoint, the generic endpoint, its keys and the default region", "[session][env]") {
    auto out = client_env({emulator("store", Kind::s3, 49200, {"minioadmin", "minioadmin", "", ""})});
    CHECK(out.vars == EnvList{{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:49200"},
                              {"AWS_ENDPOINT_URL", "http://127.0.0.1:49200"},
                              {"AWS_ACCESS_KEY_ID", "minioadmin"},
                              {"AWS_SECRET_ACCESS_KEY", "minioadmin"},
                              {"AWS_REGION", "us-east-1"},
                              {"AWS_DEFAULT_REGION", "us-east-1"}});
    CHECK(out.notes.empty());
}

TEST_CASE("an emulator that takes any key gets test/test, and the region it was given", "[session][env]") {
    auto out = client_env({emulator("ddb", Kind::dynamodb, 49201, {"", "", "", "eu-west-1"})});
    CHECK(find(out.vars, "AWS_ENDPOINT_URL_DYNAMODB") == "http://127.0.0.1:49201");
    CHECK(find(out.vars, "AWS_ENDPOINT_URL") == "http://127.0.0.1:49201");
    CHECK(find(out.vars, "AWS_ACCESS_KEY_ID") == "test");
    CHECK(find(out.vars, "AWS_SECRET_ACCESS_KEY") == "test");
    CHECK(find(out.vars, "AWS_REGION") == "eu-west-1");
    CHECK_FALSE(find(out.vars, "AWS_ENDPOINT_URL_S3"));
}

TEST_CASE("minio next to dynamodb-local: each endpoint its own variable, minio's keys, no AWS_ENDPOINT_URL",
          "[session][env]") {
    auto out =
        client_env({emulator("store", Kind::s3, 1, {"admin", "secret", "", ""}), emulator("ddb", Kind::dynamodb, 2)});
    CHECK(find(out.vars, "AWS_ENDPOINT_URL_S3") == "http://127.0.0.1:1");
    CHECK(find(out.vars, "AWS_ENDPOINT_URL_DYNAMODB") == "http://127.0.0.1:2");
    CHECK_FALSE(find(out.vars, "AWS_ENDPOINT_URL"));
    CHECK(find(out.vars, "AWS_ACCESS_KEY_ID") == "admin");
    CHECK(find(out.vars, "AWS_SECRET_ACCESS_KEY") == "secret");
    REQUIRE(out.notes.size() == 1);
    CHECK(out.notes[0] ==
          "AWS_ENDPOINT_URL not set: 2 s3/dynamodb services (ddb, store); use DTX_DDB_URL / DTX_STORE_URL");
}

TEST_CASE("two s3 services with different keys: no S3 endpoint, no keys, and notes why", "[session][env]") {
    auto out = client_env(
        {emulator("a", Kind::s3, 1, {"ka", "sa", "", ""}), emulator("b", Kind::s3, 2, {"kb", "sb", "", ""})});
    CHECK_FALSE(find(out.vars, "AWS_ENDPOINT_URL_S3"));
    CHECK_FALSE(find(out.vars, "AWS_ENDPOINT_URL"));
    CHECK_FALSE(find(out.vars, "AWS_ACCESS_KEY_ID"));
    CHECK(find(out.vars, "AWS_REGION") == "us-east-1");
    CHECK(out.notes == std::vector<std::string>{
                           "AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_S3 not set: 2 s3 services (a, b); use DTX_A_URL / "
                           "DTX_B_URL, or give the one that is only a client x-dtx.kind: generic",
                           "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY not set: a, b want different keys; set them in a "
                           "top-level x-dtx.export"});
}

TEST_CASE("emulators naming different regions leave the region unset", "[session][env]") {
    auto out = client_env({emulator("a", Kind::s3, 1, {"", "", "", "eu-west-1"}),
                           emulator("b", Kind::dynamodb, 2, {"", "", "", "us-west-2"})});
    CHECK_FALSE(find(out.vars, "AWS_REGION"));
    CHECK_FALSE(find(out.vars, "AWS_DEFAULT_REGION"));
    CHECK(out.notes.back() ==
          "AWS_REGION, AWS_DEFAULT_REGION not set: the s3/dynamodb services name different regions; set them in a "
          "top-level x-dtx.export");
}

TEST_CASE("no s3 or dynamodb service sets no AWS variable", "[session][env]") {
    ServiceEndpoint web;
    web.service = "web";
    web.kind = Kind::http;
    web.host = "127.0.0.1";
    web.tcp_ports = {{8080, 1}};
    web.main_port = 8080;
    auto out = client_env({web});
    CHECK(out.vars.empty());
    CHECK(out.notes.empty());
}
