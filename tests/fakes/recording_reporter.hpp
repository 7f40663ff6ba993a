#pragma once
// A session::Reporter that keeps every report as a line of text, for assertions.

#include "report/reporter.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace dtx::fakes {

class RecordingReporter final : public dtx::report::Reporter {
public:
    // "SERVICE PHASE DETAIL", e.g. "db pulling postgres:16".
    void service(const std::string& name, dtx::report::Phase phase, dtx::util::Duration /*elapsed*/,
                 const std::string& detail) override {
        add(m_services, name + " " + phase_name(phase) + (detail.empty() ? "" : " " + detail));
    }
    void note(const std::string& text) override { add(m_notes, text); }
    void warning(const std::string& text) override { add(m_warnings, text); }
    void error(const std::string& text) override { add(m_errors, text); }
    void service_logs(const std::string& name, const std::string& logs) override { add(m_logs, name + ": " + logs); }

    std::vector<std::string> services() const { return get(m_services); }
    std::vector<std::string> notes() const { return get(m_notes); }
    std::vector<std::string> warnings() const { return get(m_warnings); }
    std::vector<std::string> errors() const { return get(m_errors); }
    std::vector<std::string> logs() const { return get(m_logs); }

    static const char* phase_name(dtx::report::Phase phase) {
        switch (phase) {
        case dtx::report::Phase::pulling:
            return "pulling";
        case dtx::report::Phase::starting:
            return "starting";
        case dtx::report::Phase::created:
            return "created";
        case dtx::report::Phase::started:
            return "started";
        case dtx::report::Phase::waiting:
            return "waiting";
        case dtx::report::Phase::ready:
            return "ready";
        case dtx::report::Phase::failed:
            return "failed";
        case dtx::report::Phase::removed:
            return "removed";
        }
        return "?";
    }

private:
    void add(std::vector<std::string>& list, std::string line) {
        std::lock_guard lock(m_mutex);
        list.push_back(std::move(line));
    }
    std::vector<std::string> get(const std::vector<std::string>& list) const {
        std::lock_guard lock(m_mutex);
        return list;
    }

    mutable std::mutex m_mutex;
    std::vector<std::string> m_services;
    std::vector<std::string> m_notes;
    std::vector<std::string> m_warnings;
    std::vector<std::string> m_errors;
    std::vector<std::string> m_logs;
};

}  // namespace dtx::fakes
