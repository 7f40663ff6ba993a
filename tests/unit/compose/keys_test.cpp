#include "compose/keys.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dtx::compose;

TEST_CASE("a misspelt service key is matched to the key it was meant to be", "[spec]") {
    CHECK(closest_key("helthcheck", service_keys()) == "healthcheck");
    CHECK(closest_key("imgae", service_keys()) == "image");
    CHECK(closest_key("enviroment", service_keys()) == "environment");
    CHECK(closest_key("depends-on", service_keys()) == "depends_on");
}

TEST_CASE("a misspelt top-level key is matched to the key it was meant to be", "[spec]") {
    CHECK(closest_key("servics", top_level_keys()) == "services");
}

TEST_CASE("a word far from every key gets no suggestion", "[spec]") {
    CHECK(closest_key("zzzzzzzz", service_keys()).empty());
    CHECK(closest_key("zzzzzzzz", top_level_keys()).empty());
}

TEST_CASE("the keys dtx acts on are honoured", "[spec]") {
    for (const char* key : {"image", "command", "environment", "ports", "expose", "depends_on"}) {
        INFO(key);
        CHECK(service_key_support(key) == KeySupport::honoured);
    }
}

TEST_CASE("Compose service keys dtx does not act on are ignored, not unknown", "[spec]") {
    CHECK(service_key_support("restart") == KeySupport::ignored);
    CHECK(service_key_support("healthcheck") == KeySupport::honoured);
    CHECK(service_key_support("volumes") == KeySupport::honoured);
}

TEST_CASE("extension keys are the user's own and honoured", "[spec]") {
    CHECK(service_key_support("x-foo") == KeySupport::honoured);
    CHECK(top_level_key_support("x-common") == KeySupport::honoured);
}

TEST_CASE("a key Compose does not have is unknown", "[spec]") {
    CHECK(service_key_support("bogus") == KeySupport::unknown);
    CHECK(top_level_key_support("bogus") == KeySupport::unknown);
}

TEST_CASE("top-level name, services and version are honoured; networks is ignored", "[spec]") {
    CHECK(top_level_key_support("name") == KeySupport::honoured);
    CHECK(top_level_key_support("services") == KeySupport::honoured);
    CHECK(top_level_key_support("version") == KeySupport::honoured);
    CHECK(top_level_key_support("networks") == KeySupport::honoured);
}

TEST_CASE("every honoured service key is also a Compose service key", "[spec]") {
    for (const char* key : {"image", "command", "environment", "ports", "expose", "depends_on"}) {
        INFO(key);
        auto keys = service_keys();
        CHECK(std::find(keys.begin(), keys.end(), std::string_view(key)) != keys.end());
    }
}
