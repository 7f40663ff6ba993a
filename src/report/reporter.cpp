#include "report/reporter.hpp"

#include "secrets/secrets.hpp"

#include <fmt/format.h>
#include <cstdio>
#include <sstream>

namespace dtx::report {

namespace {

const char* phase_word(Phase phase) {
    switch (phase) {
    case Phase::pulling:
        return "pulling image";
    case Phase::starting:
        return "starting";
    case Phase::created:
        return "created";
    case Phase::started:
        return "started";
    case Phase::waiting:
        return "waiting";
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

void StderrReporter::write(const std::string& text) {
    std::string out = secrets::masked(text);
    std::lock_guard lock(m_mutex);
    std::fwrite(out.data(), 1, out.size(), m_out);
    std::fflush(m_out);
}

void StderrReporter::line(const std::string& text) {
    write(fmt::format("dtx: {}\n", text));
}

std::string timing_line(const std::string& service, const ServiceTimes& times) {
    std::string steps;
    auto add = [&](const char* step, const std::optional<util::Duration>& at) {
        if (at) {
            steps += fmt::format("{}{} {} ms", steps.empty() ? "" : ", ", step, util::to_ms(*at));
        }
    };
    add("created", times.created);
    add("started", times.started);
    add("ready", times.ready);
    add("failed", times.failed);
    return fmt::format("timing {}: {}{}", service, steps.empty() ? "never started" : steps,
                       times.strategy.empty() ? "" : " (" + times.strategy + ")");
}

std::optional<std::string> StderrReporter::record(const std::string& name, Phase phase, util::Duration elapsed,
                                                  const std::string& detail) {
    std::lock_guard lock(m_mutex);
    ServiceTimes& t = m_times[name];
    switch (phase) {
    case Phase::created:
        t.created = elapsed;
        break;
    case Phase::started:
        t.started = elapsed;
        break;
    case Phase::waiting:
        t.strategy = detail;
        break;
    case Phase::ready:
        t.ready = elapsed;
        if (t.strategy.empty()) {
            t.strategy = detail;  // a task others wait on: "completed"
        }
        return timing_line(name, t);
    case Phase::failed:
        t.failed = elapsed;
        return timing_line(name, t);
    case Phase::pulling:
    case Phase::starting:
    case Phase::removed:
        break;
    }
    return std::nullopt;
}

void StderrReporter::service(const std::string& name, Phase phase, util::Duration elapsed, const std::string& detail) {
    auto timing = m_timings ? record(name, phase, elapsed, detail) : std::nullopt;
    bool shown = phase != Phase::created && phase != Phase::waiting && (!m_quiet || phase == Phase::failed);
    if (shown) {
        std::string text = fmt::format("{} {} at {} ms", name, phase_word(phase), util::to_ms(elapsed));
        if (!detail.empty()) {
            text += phase == Phase::failed ? ": " + detail : " (" + detail + ")";
        }
        line(text);
    }
    if (timing) {
        line(*timing);
    }
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
    write(block);
}

}  // namespace dtx::report
