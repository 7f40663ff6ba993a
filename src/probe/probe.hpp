#pragma once
// A readiness strategy: one check, no loop. The waiter owns polling, deadline and back-off.

#include <string>

namespace dtx::probe {

enum class Readiness {
    ready,    // the service accepts real work
    not_yet,  // try again later; the reason is kept for the timeout message
    failed,   // it will not become ready; stop waiting
};

struct ProbeResult {
    Readiness state = Readiness::not_yet;
    std::string reason;

    static ProbeResult ready() { return {Readiness::ready, ""}; }
    static ProbeResult not_yet(std::string why) { return {Readiness::not_yet, std::move(why)}; }
    static ProbeResult failed(std::string why) { return {Readiness::failed, std::move(why)}; }
};

class Probe {
public:
    virtual ~Probe() = default;
    // Short name used in messages: "postgres", "tcp", …
    virtual std::string name() const = 0;
    // One attempt, bounded in time by the probe's own connect timeout.
    virtual ProbeResult check() = 0;
};

}  // namespace dtx::probe
