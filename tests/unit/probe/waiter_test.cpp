#include "probe/waiter.hpp"

#include "fakes/fake_clock.hpp"
#include "fakes/scripted_probe.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::fakes::FakeClock;
using dtx::fakes::ScriptedProbe;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("a probe ready on the first try makes no sleep", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(0);
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    CHECK(outcome.ready);
    CHECK(outcome.attempts == 1);
    CHECK(outcome.reason.empty());
    CHECK(outcome.elapsed == dtx::util::Duration::zero());
    CHECK(clock.sleeps().empty());
}

TEST_CASE("pauses are 10ms for the first half second, then 2% of the time waited", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(60);
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    CHECK(outcome.ready);
    CHECK(outcome.attempts == 61);
    const auto& sleeps = clock.sleeps();
    REQUIRE(sleeps.size() == 60);
    CHECK(sleeps[0] == milliseconds(10));
    CHECK(sleeps[49] == milliseconds(10));                   // waited 490 ms: 2% is 9.8 ms
    CHECK(sleeps[51] == std::chrono::microseconds(10'200));  // waited 510 ms
    CHECK(sleeps[52] == std::chrono::microseconds(10'404));  // waited 520.2 ms
    CHECK(outcome.elapsed > milliseconds(600));
}

TEST_CASE("a service ready after 1.6 s is seen at most ~2% late", "[probe]") {
    FakeClock clock;
    // Not ready until the clock passes 1.6 s, whatever the number of attempts.
    class ReadyAt final : public Probe {
    public:
        explicit ReadyAt(FakeClock& clock) : m_clock(clock) {}
        std::string name() const override { return "at"; }
        ProbeResult check() override {
            return m_clock.elapsed() >= milliseconds(1600) ? ProbeResult::ready() : ProbeResult::not_yet("no");
        }

    private:
        FakeClock& m_clock;
    } probe(clock);
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    REQUIRE(outcome.ready);
    CHECK(outcome.elapsed < milliseconds(1600 + 33));
}

TEST_CASE("pauses never grow past 250ms", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(300);
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    REQUIRE(outcome.ready);
    const auto& sleeps = clock.sleeps();
    REQUIRE(sleeps.size() == 300);
    for (size_t i = 1; i < sleeps.size(); ++i) {
        CHECK(sleeps[i] >= sleeps[i - 1]);
        CHECK(sleeps[i] <= milliseconds(250));
    }
    CHECK(sleeps.back() == milliseconds(250));
}

TEST_CASE("the back-off follows the options it is given", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(4);
    WaitOptions options;
    options.first_interval = milliseconds(100);
    options.share = 1.0;  // pause as long as the time waited so far: doubling
    options.max_interval = milliseconds(500);
    REQUIRE(wait_until_ready(probe, clock, options, {}).ready);
    CHECK(clock.sleeps() ==
          std::vector<dtx::util::Duration>{milliseconds(100), milliseconds(100), milliseconds(200), milliseconds(400)});
}

TEST_CASE("a probe never ready times out with its name and last reason", "[probe]") {
    FakeClock clock;
    ScriptedProbe probe({ProbeResult::not_yet("starting"), ProbeResult::not_yet("connection refused")}, "postgres");
    auto real_start = std::chrono::steady_clock::now();
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    auto real_elapsed = std::chrono::steady_clock::now() - real_start;
    CHECK_FALSE(outcome.ready);
    CHECK(outcome.reason == "not ready after 60s (postgres: connection refused)");
    CHECK(outcome.elapsed == seconds(60));
    CHECK(clock.elapsed() == seconds(60));
    CHECK(real_elapsed < seconds(1));
    CHECK(outcome.attempts == probe.calls());
    CHECK(outcome.attempts > 300);  // ~400: 50 at 10 ms, ~160 growing to 250 ms by 12.5 s, ~190 at 250 ms
}

TEST_CASE("the last pause is cut short at the deadline", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::never("refused", "tcp");
    WaitOptions options;
    options.timeout = milliseconds(25);
    auto outcome = wait_until_ready(probe, clock, options, {});
    CHECK(outcome.reason == "not ready after 25ms (tcp: refused)");
    CHECK(clock.sleeps() ==
          std::vector<dtx::util::Duration>{milliseconds(10), milliseconds(10), std::chrono::microseconds(5'000)});
    CHECK(outcome.elapsed == milliseconds(25));
}

TEST_CASE("a failed result stops waiting at once with the probe's name", "[probe]") {
    FakeClock clock;
    ScriptedProbe probe(
        {ProbeResult::not_yet("starting"), ProbeResult::failed("the container is exited (exit code 1)")}, "running");
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, {});
    CHECK_FALSE(outcome.ready);
    CHECK(outcome.reason == "running: the container is exited (exit code 1)");
    CHECK(outcome.attempts == 2);
    CHECK(clock.sleeps().size() == 1);
}

TEST_CASE("a failed result takes the stop check's reason when it has one", "[probe]") {
    FakeClock clock;
    ScriptedProbe probe({ProbeResult::failed("container is not running")}, "exec");
    StopCheck stop = []() -> std::optional<std::string> { return "the container exited with code 1"; };
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, stop);
    CHECK(outcome.reason == "the container exited with code 1");
    CHECK(clock.sleeps().empty());
}

TEST_CASE("the stop check stops waiting at once with its own reason", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::never("refused");
    int stop_calls = 0;
    StopCheck stop = [&]() -> std::optional<std::string> {
        ++stop_calls;
        if (stop_calls == 3) {
            return "the container exited with code 2";
        }
        return std::nullopt;
    };
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, stop);
    CHECK_FALSE(outcome.ready);
    CHECK(outcome.reason == "the container exited with code 2");
    CHECK(outcome.attempts == 3);
    CHECK(clock.sleeps().size() == 2);
}

TEST_CASE("the stop check is not consulted once the probe is ready", "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(0);
    bool asked = false;
    auto outcome = wait_until_ready(probe, clock, WaitOptions{}, [&]() -> std::optional<std::string> {
        asked = true;
        return "stop";
    });
    CHECK(outcome.ready);
    CHECK_FALSE(asked);
}

TEST_CASE("every attempt that is not ready yet is told to the observer with its reason and the time waited",
          "[probe]") {
    FakeClock clock;
    auto probe = ScriptedProbe::ready_after(3, "connection refused", "tcp");
    std::vector<std::string> seen;
    WaitOptions options;
    options.on_not_ready = [&](const std::string& reason, dtx::util::Duration waited) {
        seen.push_back(reason + " @" + std::to_string(dtx::util::to_ms(waited)));
    };
    auto outcome = wait_until_ready(probe, clock, options, {});
    CHECK(outcome.ready);
    CHECK(seen == std::vector<std::string>{"tcp: connection refused @0", "tcp: connection refused @10",
                                           "tcp: connection refused @20"});
}
