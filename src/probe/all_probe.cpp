#include "probe/all_probe.hpp"

#include <fmt/format.h>

namespace dtx::probe {

namespace {

class AllProbe final : public Probe {
public:
    AllProbe(std::vector<std::unique_ptr<Probe>> probes, std::string name)
        : m_probes(std::move(probes)), m_name(std::move(name)) {
        if (m_name.empty()) {
            for (const auto& p : m_probes) {
                m_name += (m_name.empty() ? "" : ", ") + p->name();
            }
            m_name = "all(" + m_name + ")";
        }
    }

    std::string name() const override { return m_name; }

    ProbeResult check() override {
        while (m_passed < m_probes.size()) {
            Probe& pending = *m_probes[m_passed];
            ProbeResult r = pending.check();
            if (r.state != Readiness::ready) {
                if (m_probes.size() > 1 && pending.name() != m_name) {
                    r.reason = fmt::format("{}: {}", pending.name(), r.reason);
                }
                return r;
            }
            ++m_passed;
        }
        return ProbeResult::ready();
    }

private:
    std::vector<std::unique_ptr<Probe>> m_probes;
    std::string m_name;
    std::size_t m_passed = 0;  // probes [0, m_passed) have been ready
};

}  // namespace

std::unique_ptr<Probe> all_probe(std::vector<std::unique_ptr<Probe>> probes, std::string name) {
    return std::make_unique<AllProbe>(std::move(probes), std::move(name));
}

}  // namespace dtx::probe
