#include "probe/exec_probe.hpp"

#include "probe/address_probes.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dtx::probe {

namespace {

constexpr std::chrono::milliseconds k_first_exec_poll{5};
constexpr std::chrono::milliseconds k_max_exec_poll{100};

// A 409 (the container is not running) or a 404 (it is gone) will not change by asking again.
ProbeResult from_failure(const util::Failure& failure) {
    bool final = failure.code == util::Errc::conflict || failure.code == util::Errc::not_found;
    return final ? ProbeResult::failed(failure.message) : ProbeResult::not_yet(failure.message);
}

class ExecProbe final : public Probe {
public:
    ExecProbe(std::shared_ptr<ProbeTarget> target, util::Clock& clock, std::vector<std::string> command,
              std::string name)
        : m_target(std::move(target)), m_clock(clock), m_command(std::move(command)), m_name(std::move(name)) {}

    std::string name() const override { return m_name; }

    ProbeResult check() override {
        auto exec_id = m_target->exec(m_command);
        if (!exec_id) {
            return from_failure(exec_id.error());
        }
        auto deadline = m_clock.now() + k_attempt_timeout;
        util::Duration pause = k_first_exec_poll;
        while (true) {
            auto state = m_target->exec_state(*exec_id);
            if (!state) {
                return from_failure(state.error());
            }
            if (!state->running) {
                return state->exit_code == 0 ? ProbeResult::ready()
                                             : ProbeResult::not_yet(fmt::format("exit {}", state->exit_code));
            }
            if (m_clock.now() >= deadline) {
                return ProbeResult::not_yet(fmt::format("still running after {}ms", util::to_ms(k_attempt_timeout)));
            }
            m_clock.sleep_for(std::min<util::Duration>(pause, deadline - m_clock.now()));
            pause = std::min<util::Duration>(pause * 2, k_max_exec_poll);
        }
    }

private:
    std::shared_ptr<ProbeTarget> m_target;
    util::Clock& m_clock;
    std::vector<std::string> m_command;
    std::string m_name;
};

}  // namespace

std::unique_ptr<Probe> exec_probe(std::shared_ptr<ProbeTarget> target, util::Clock& clock,
                                  std::vector<std::string> command, std::string name) {
    return std::make_unique<ExecProbe>(std::move(target), clock, std::move(command), std::move(name));
}

}  // namespace dtx::probe
