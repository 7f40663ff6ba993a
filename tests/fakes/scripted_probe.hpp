#pragma once
// A probe::Probe that returns the results it was given, in order, repeating the last one forever.

#include "probe/probe.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace dtx::fakes {

class ScriptedProbe final : public dtx::probe::Probe {
public:
    explicit ScriptedProbe(std::vector<dtx::probe::ProbeResult> script, std::string name = "scripted")
        : m_script(std::move(script)), m_name(std::move(name)) {}

    // `n` not_yet results with `reason`, then ready.
    static ScriptedProbe ready_after(int n, const std::string& reason = "not yet", std::string name = "scripted") {
        std::vector<dtx::probe::ProbeResult> script(static_cast<size_t>(n), dtx::probe::ProbeResult::not_yet(reason));
        script.push_back(dtx::probe::ProbeResult::ready());
        return ScriptedProbe(std::move(script), std::move(name));
    }

    // Always not_yet with `reason`.
    static ScriptedProbe never(const std::string& reason, std::string name = "scripted") {
        return ScriptedProbe({dtx::probe::ProbeResult::not_yet(reason)}, std::move(name));
    }

    std::string name() const override { return m_name; }

    dtx::probe::ProbeResult check() override {
        ++m_calls;
        if (m_script.empty()) {
            return dtx::probe::ProbeResult::not_yet("empty script");
        }
        size_t i = std::min(m_next, m_script.size() - 1);
        ++m_next;
        return m_script[i];
    }

    int calls() const { return m_calls; }

private:
    std::vector<dtx::probe::ProbeResult> m_script;
    std::string m_name;
    size_t m_next = 0;
    int m_calls = 0;
};

}  // namespace dtx::fakes
