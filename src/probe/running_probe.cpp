#include "probe/running_probe.hpp"

#include <fmt/format.h>

namespace dtx::probe {

namespace {

class RunningProbe final : public Probe {
public:
    RunningProbe(engine::Engine& engine, std::string container_id) : m_engine(engine), m_id(std::move(container_id)) {}

    std::string name() const override { return "running"; }

    ProbeResult check() override {
        auto state = m_engine.inspect_container(m_id);
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
    engine::Engine& m_engine;
    std::string m_id;
};

}  // namespace

std::unique_ptr<Probe> running_probe(engine::Engine& engine, std::string container_id) {
    return std::make_unique<RunningProbe>(engine, std::move(container_id));
}

}  // namespace dtx::probe
