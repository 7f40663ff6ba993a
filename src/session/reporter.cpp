#include "session/reporter.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <sstream>

namespace dtx::session {

namespace {

const char* phase_word(Phase phase) {
    switch (phase) {
    case Phase::pulling:
        return "pulling image";
    case Phase::starting:
        return "starting";
    case Phase::started:
        return "started";
    case Phase::ready:
        return "ready";
    case Phase::failed:
        return "FAILED";
    case Phase::removed:
        return "removed";
    }
    return "?";
}

}  // namespace

void StderrReporter::line(const std::string& text) {
    std::lock_guard lock(m_mutex);
    fmt::print(stderr, "dtx: {}\n", text);
    std::fflush(stderr);
}

void StderrReporter::service(const std::string& name, Phase phase, util::Duration elapsed, const std::string& detail) {
    if (m_quiet && phase != Phase::failed) {
        return;
    }
    std::string text = fmt::format("{} {} at {} ms", name, phase_word(phase), util::to_ms(elapsed));
    if (!detail.empty()) {
        text += phase == Phase::failed ? ": " + detail : " (" + detail + ")";
    }
    line(text);
}

void StderrReporter::note(const std::string& text) {
    if (!m_quiet) {
        line(text);
    }
}

void StderrReporter::warning(const std::string& text) {
    line("warning: " + text);
}

void StderrReporter::error(const std::string& text) {
    line("error: " + text);
}

void StderrReporter::service_logs(const std::string& name, const std::string& logs) {
    if (logs.empty()) {
        line(fmt::format("{} wrote no logs", name));
        return;
    }
    std::string block = fmt::format("last log lines of {}:\n", name);
    std::istringstream in(logs);
    for (std::string l; std::getline(in, l);) {
        block += fmt::format("  {} | {}\n", name, l);
    }
    std::lock_guard lock(m_mutex);
    fmt::print(stderr, "{}", block);
    std::fflush(stderr);
}

}  // namespace dtx::session
