// dtx version through the runtime: dtx's line first, then the engine's, or an engine error.
#include "session/version.hpp"

#include "fakes/fake_runtime.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using dtx::fakes::FakeWorld;

TEST_CASE("version prints dtx's version, then the engine's with the API in use and where it is", "[session]") {
    FakeWorld world;
    CHECK(dtx::session::version(world.runtime()) == 0);
    CHECK(world.output() ==
          std::string("dtx ") + DTX_VERSION + "\nengine fake (API 1.41, dtx uses 1.41) at fake://engine\n");
}

TEST_CASE("version without an engine still prints dtx's line, then fails with the engine's error", "[session]") {
    FakeWorld world;
    world.engine_down = true;
    CHECK_THROWS_AS(dtx::session::version(world.runtime()), dtx::EngineError);
    CHECK(world.output() == std::string("dtx ") + DTX_VERSION + "\n");
}
