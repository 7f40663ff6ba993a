#include "engine/request_log.hpp"

#include <catch2/catch.hpp>

using dtx::engine::loggable_path;
using dtx::engine::request_log_line;
using namespace std::chrono_literals;

TEST_CASE("an engine request is logged as one line with method, path, status and duration", "[engine][log]") {
    CHECK(request_log_line("GET", "/v1.43/containers/json?all=1", 200, 3ms) ==
          "engine: GET /v1.43/containers/json?all=1 -> 200 in 3 ms");
    CHECK(request_log_line("POST", "/v1.43/containers/abc/start", 204, 120ms) ==
          "engine: POST /v1.43/containers/abc/start -> 204 in 120 ms");
}

TEST_CASE("build arguments never reach the request log", "[engine][log][mask]") {
    CHECK(loggable_path("/v1.43/build?t=app&buildargs=%7B%22TOKEN%22%3A%22s3cret%22%7D&dockerfile=Dockerfile") ==
          "/v1.43/build?t=app&buildargs=…&dockerfile=Dockerfile");
    CHECK(loggable_path("/v1.43/build?buildargs=x") == "/v1.43/build?buildargs=…");
    CHECK(loggable_path("/v1.43/version") == "/v1.43/version");
    CHECK(loggable_path("/v1.43/x?a=1&&b") == "/v1.43/x?a=1&&b");
}
