#pragma once
// Progress of a session. Sessions report here; nothing else in session/ prints.

#include "util/clock.hpp"

#include <mutex>
#include <string>

namespace dtx::session {

enum class Phase { pulling, starting, started, ready, failed, removed };

class Reporter {
public:
    virtual ~Reporter() = default;
    // A service reached `phase`, `elapsed` after the run began; `detail` may be empty.
    virtual void service(const std::string& name, Phase phase, util::Duration elapsed, const std::string& detail) = 0;
    virtual void note(const std::string& text) = 0;     // progress worth a line (suppressed by -q)
    virtual void warning(const std::string& text) = 0;  // always shown
    virtual void error(const std::string& text) = 0;    // always shown
    // The last lines a failed service wrote, shown under its failure.
    virtual void service_logs(const std::string& name, const std::string& logs) = 0;
};

// Plain lines on stderr ("dtx: db ready in 2304 ms (postgres)"); safe from several threads.
class StderrReporter final : public Reporter {
public:
    explicit StderrReporter(bool quiet) : m_quiet(quiet) {}
    void service(const std::string& name, Phase phase, util::Duration elapsed, const std::string& detail) override;
    void note(const std::string& text) override;
    void warning(const std::string& text) override;
    void error(const std::string& text) override;
    void service_logs(const std::string& name, const std::string& logs) override;

private:
    void line(const std::string& text);
    bool m_quiet;
    std::mutex m_mutex;
};

}  // namespace dtx::session
