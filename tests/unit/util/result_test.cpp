#include "util/result.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using namespace dtx::util;

TEST_CASE("a result made from a value is ok and holds the value", "[util]") {
    Result<int> r = 42;
    CHECK(r.ok());
    CHECK(static_cast<bool>(r));
    CHECK(r.value() == 42);
}

TEST_CASE("a result made from a failure is not ok and keeps code and message", "[util]") {
    Result<std::string> r = fail(Errc::not_found, "no such thing");
    CHECK_FALSE(r.ok());
    CHECK_FALSE(static_cast<bool>(r));
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message == "no such thing");
}

TEST_CASE("the arrow operator reaches the held value", "[util]") {
    Result<std::string> r = std::string("hello");
    CHECK(r->size() == 5);
}

TEST_CASE("a move-only value can be moved out of a result", "[util]") {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
    std::unique_ptr<int> p = std::move(r).value();
    REQUIRE(p != nullptr);
    CHECK(*p == 7);
}

TEST_CASE("ok_status is an ok Status", "[util]") {
    Status s = ok_status();
    CHECK(s.ok());
}

TEST_CASE("a failed Status carries its failure", "[util]") {
    Status s = fail(Errc::conflict, "in use");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == Errc::conflict);
    CHECK(s.error().message == "in use");
}
