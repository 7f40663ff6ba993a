#include "probe/healthcheck_probe.hpp"

#include "probe/exec_probe.hpp"

namespace dtx::probe {

namespace {

bool is_keyword(const std::string& word) {
    return word == "CMD" || word == "CMD-SHELL" || word == "NONE";
}

}  // namespace

std::optional<std::vector<std::string>> healthcheck_command(const std::vector<std::string>& test) {
    if (test.empty()) {
        return std::nullopt;
    }
    if (test[0] == "CMD" && test.size() > 1) {
        return std::vector<std::string>(test.begin() + 1, test.end());
    }
    if (test[0] == "CMD-SHELL" && test.size() == 2) {
        return std::vector<std::string>{"/bin/sh", "-c", test[1]};
    }
    if (test.size() == 1 && !is_keyword(test[0])) {
        return std::vector<std::string>{"/bin/sh", "-c", test[0]};
    }
    return std::nullopt;
}

std::unique_ptr<Probe> healthcheck_probe(std::shared_ptr<ProbeTarget> target, util::Clock& clock,
                                         const std::vector<std::string>& test) {
    auto command = healthcheck_command(test);
    if (!command) {
        return nullptr;
    }
    return exec_probe(std::move(target), clock, std::move(*command), "healthcheck");
}

}  // namespace dtx::probe
