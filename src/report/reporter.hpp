#pragma once
// Progress of a session. Sessions report here; nothing else in session/ prints.

#include "util/clock.hpp"

#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace dtx::report {

// created, started, waiting (detail: the readiness strategy), then ready or failed.
enum class Phase { pulling, starting, created, started, waiting, ready, failed, removed };

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

// When each step of a service's start happened, since the run began (--timings).
struct ServiceTimes {
    std::optional<util::Duration> created;  // unset for a container `dtx up` kept
    std::optional<util::Duration> started;
    std::optional<util::Duration> ready;
    std::optional<util::Duration> failed;
    std::string strategy;  // the readiness strategy waited on
};

// "timing db: created 35 ms, started 120 ms, ready 2310 ms (postgres on 5432)"; missing steps are left out.
std::string timing_line(const std::string& service, const ServiceTimes& times);

// Plain lines on stderr ("dtx: db ready at 2304 ms (postgres)"); safe from several threads. With
// `timings`, each service's timing_line follows its ready or failed line, even when quiet. Every
// line, the failed services' log lines too, goes out with its secrets masked (secrets/secrets.hpp).
// `out` is for tests.
class StderrReporter final : public Reporter {
public:
    explicit StderrReporter(bool quiet, bool timings = false, std::FILE* out = stderr)
        : m_quiet(quiet), m_timings(timings), m_out(out) {}
    void service(const std::string& name, Phase phase, util::Duration elapsed, const std::string& detail) override;
    void note(const std::string& text) override;
    void warning(const std::string& text) override;
    void error(const std::string& text) override;
    void service_logs(const std::string& name, const std::string& logs) override;

private:
    void line(const std::string& text);
    void write(const std::string& text);  // masked, under m_mutex
    // Records `phase` for --timings; returns the timing line once the service is ready or failed.
    std::optional<std::string> record(const std::string& name, Phase phase, util::Duration elapsed,
                                      const std::string& detail);
    bool m_quiet;
    bool m_timings;
    std::FILE* m_out;
    std::mutex m_mutex;
    std::map<std::string, ServiceTimes> m_times;  // under m_mutex
};

}  // namespace dtx::report
