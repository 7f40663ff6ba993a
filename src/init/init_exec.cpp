#include "init/init_exec.hpp"

#include "process/capture.hpp"

#include <fmt/format.h>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dtx::init {

namespace {

constexpr auto k_interrupt_poll = std::chrono::milliseconds(50);
constexpr auto k_first_exit_poll = std::chrono::milliseconds(5);
constexpr auto k_max_exit_poll = std::chrono::milliseconds(100);
// The output stream ends with the command; the engine records its exit code a moment later.
constexpr auto k_exit_code_wait = std::chrono::seconds(10);

}  // namespace

util::Result<ExecOutcome> exec_and_wait(engine::Engine& engine, util::Clock& clock, const util::StopToken& stop,
                                        const std::string& container_id, const std::vector<std::string>& command) {
    engine::ExecConfig spec;
    spec.cmd = command;
    spec.attach = true;
    auto exec_id = engine.create_exec(container_id, spec);
    if (!exec_id) {
        return exec_id.error();
    }

    // The attached start blocks as long as the command runs, with no way to cancel it: it gets a
    // thread of its own, and this one watches for an interruption meanwhile.
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    util::Status streamed = util::ok_status();
    ExecOutcome outcome;
    std::thread reader([&] {
        auto status = engine.start_exec(exec_id.value(), spec, [&](engine::StreamKind, std::string_view chunk) {
            std::lock_guard lock(mutex);
            outcome.output.append(chunk);
            if (outcome.output.size() > process::k_max_captured) {
                outcome.output.erase(0, outcome.output.size() - process::k_max_captured);
            }
            return true;
        });
        std::lock_guard lock(mutex);
        streamed = status;
        done = true;
        finished.notify_all();
    });
    bool killed = false;
    {
        std::unique_lock lock(mutex);
        while (!finished.wait_for(lock, k_interrupt_poll, [&] { return done; })) {
            if (!killed && stop.stop_requested()) {
                killed = true;
                lock.unlock();
                // Ends the command and its stream; the container is removed by the teardown anyway.
                (void)engine.kill_container(container_id, "KILL");
                lock.lock();
            }
        }
    }
    reader.join();
    if (killed) {
        return util::fail(util::Errc::io, "interrupted");
    }
    if (!streamed) {
        return streamed.error();
    }

    auto deadline = clock.now() + k_exit_code_wait;
    util::Duration pause = k_first_exit_poll;
    for (;;) {
        auto state = engine.inspect_exec(exec_id.value());
        if (!state) {
            return state.error();
        }
        if (!state->running) {
            outcome.exit_code = state->exit_code;
            return outcome;
        }
        if (clock.now() >= deadline) {
            return util::fail(util::Errc::timeout, "its output ended, yet the engine still reports it running");
        }
        clock.sleep_for(pause);
        pause = std::min<util::Duration>(pause * 2, k_max_exit_poll);
    }
}

}  // namespace dtx::init
