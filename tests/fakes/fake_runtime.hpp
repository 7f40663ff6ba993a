#pragma once
// A session::Runtime made of fakes, so every verb runs in a unit test: a FakeEngine, a FakeClock,
// an environment of exactly the variables given, processes by pid, a stop the test requests, a
// temporary working directory and an output file read back with output().

#include "fakes/captured_file.hpp"
#include "fakes/fake_clock.hpp"
#include "fakes/fake_engine.hpp"
#include "fakes/temp_dir.hpp"
#include "session/runtime.hpp"
#include "util/error.hpp"

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace dtx::fakes {

class FakeWorld {
public:
    FakeWorld() = default;
    ~FakeWorld() { std::fclose(m_out); }
    FakeWorld(const FakeWorld&) = delete;
    FakeWorld& operator=(const FakeWorld&) = delete;

    std::shared_ptr<FakeEngine> engine = std::make_shared<FakeEngine>();
    FakeClock clock;
    std::map<std::string, std::string> env;                 // read when the verb asks, not when built
    std::map<int, dtx::teardown::ProcessStatus> processes;  // a pid not here does not exist
    std::string host = "testhost";
    TempDir dir;
    bool engine_down = false;         // connecting fails as it does when no engine listens
    std::atomic<int> stop_signal{0};  // non-zero: the runtime's stop is requested with this signal

    // The runtime over this world; the test's spec files go in dir.
    dtx::session::Runtime runtime() {
        dtx::session::Runtime rt{
            .connect_engine = [this]() -> std::shared_ptr<dtx::engine::Engine> {
                ++m_connects;
                if (engine_down) {
                    throw dtx::EngineError("cannot reach a Docker engine: fake engine down");
                }
                return engine;
            },
            .clock = clock,
            .env = [this](const std::string& name) -> std::optional<std::string> {
                auto it = env.find(name);
                return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
            },
            .processes =
                [this](int pid) {
                    auto it = processes.find(pid);
                    return it == processes.end() ? dtx::teardown::ProcessStatus{} : it->second;
                },
            .stop = dtx::util::StopToken([this] { return stop_signal.load(); },
                                         [this] { return stop_signal.load() != 0 ? 1 : 0; }),
            .working_dir = dir.path(),
            .host = host,
            .out = m_out,
        };
        return rt;
    }

    // What the verb wrote on the runtime's output.
    std::string output() const { return read_all(m_out); }
    // How many times a verb connected to the engine.
    int connects() const { return m_connects; }

private:
    std::FILE* m_out = std::tmpfile();
    int m_connects = 0;
};

}  // namespace dtx::fakes
