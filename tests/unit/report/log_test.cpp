#include "report/log.hpp"

#include "fakes/captured_file.hpp"
#include "secrets/secrets.hpp"

#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

using dtx::fakes::read_all;

TEST_CASE("log lines at -vv are written with their secrets masked", "[util][mask]") {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    dtx::secrets::add_secret("log-Sup3r-s3cret");
    dtx::report::setup_logging(2, out);
    spdlog::trace("engine: POST /exec with log-Sup3r-s3cret");
    spdlog::debug("connecting to {}", "postgres://app:hunter2@127.0.0.1:5432/app");
    dtx::report::setup_logging(0);  // back to stderr for the other tests
    dtx::secrets::secrets().clear();
    std::string text = read_all(out);
    std::fclose(out);
    CHECK(text.find("engine: POST /exec with ****\n") != std::string::npos);
    CHECK(text.find("postgres://app:****@127.0.0.1:5432/app") != std::string::npos);
    CHECK(text.find("s3cret") == std::string::npos);
    CHECK(text.find("hunter2") == std::string::npos);
}
