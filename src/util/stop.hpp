#pragma once
// Whether dtx must stop, and why: the only view the rest of dtx has of the termination signals.
// The real token reads the signal handlers' state (signals.hpp); a test builds one from a lambda.

#include <functional>

namespace dtx::util {

class StopToken {
public:
    // The first termination signal received (0 while none), and how many arrived.
    using Probe = std::function<int()>;

    // Never stops.
    StopToken() = default;
    StopToken(Probe signal, Probe count) : m_signal(std::move(signal)), m_count(std::move(count)) {}

    // The process's termination signals, as the handlers of install_signal_handlers() record them.
    static StopToken from_signals();

    bool stop_requested() const { return signal() != 0; }
    int signal() const { return m_signal ? m_signal() : 0; }
    // A second signal means "hurry": forwarded ones escalate to SIGKILL at once.
    int count() const { return m_count ? m_count() : 0; }
    // Throws Interrupted with the signal once a stop was requested.
    void throw_if_stopped() const;

private:
    Probe m_signal;
    Probe m_count;
};

}  // namespace dtx::util
