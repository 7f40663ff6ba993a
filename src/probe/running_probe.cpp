#include "probe/running_probe.hpp"

#include <fmt/format.h>

namespace dtx::probe {

namespace {

class RunningProbe final : public Probe {
public:
    explicit RunningProbe(std::shared_ptr<ProbeTarget> target) : m_target(std::move(target)) {}

    std::string name() const override { return "running"; }

    ProbeResult check() override {
        auto state = m_target->state();
        if (!state) {
            return ProbeResult::failed(state.error().message);
        }
        if (state->running) {
            return ProbeResult::ready();
        }
        if (state->status == "created") {
            return ProbeResult::not_yet("not started yet");
        }
        if (state->oom_killed) {
            return ProbeResult::failed("the container was killed for running out of memory (OOM)");
        }
        return ProbeResult::failed(fmt::format("the container exited with code {}", state->exit_code));
    }

private:
    std::shared_ptr<ProbeTarget> m_target;
};

}  // namespace

std::unique_ptr<Probe> running_probe(std::shared_ptr<ProbeTarget> target) {
    return std::make_unique<RunningProbe>(std::move(target));
}

}  // namespace dtx::probe
