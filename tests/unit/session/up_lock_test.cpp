#include "session/up_lock.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/recording_reporter.hpp"
#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace dtx::session;
using dtx::fakes::FakeClock;
using dtx::fakes::RecordingReporter;
using dtx::fakes::TempDir;

TEST_CASE("the up lock path depends on the environment and the engine, and lives in dtx-locks", "[session]") {
    std::string a = up_lock_path("shop", "");
    CHECK_THAT(a, Catch::Contains("/dtx-locks/up-shop-") && Catch::EndsWith(".lock"));
    CHECK(a == up_lock_path("shop", ""));
    CHECK(a != up_lock_path("shop", "tcp://10.0.0.1:2376"));
    CHECK(a != up_lock_path("shop2", ""));
}

TEST_CASE("a second up of the same environment waits for the first, saying so once", "[session]") {
    TempDir dir;
    std::string path = dir.path() + "/locks/up-shop-x.lock";
    FakeClock clock;
    RecordingReporter reporter;
    auto first = std::make_optional(lock_environment(path, "shop", reporter, clock, {}));
    CHECK(reporter.notes().empty());
    std::thread release([&] {
        // The waiter below sleeps on the fake clock: let it poll a few times, then let go.
        while (clock.elapsed() < std::chrono::milliseconds(500)) {
            std::this_thread::yield();
        }
        first.reset();
    });
    auto second = lock_environment(path, "shop", reporter, clock, {});
    release.join();
    CHECK(clock.elapsed() >= std::chrono::milliseconds(500));
    CHECK(reporter.notes() ==
          std::vector<std::string>{"another dtx up of shop is under way on this machine; waiting for it"});
}
