#include "util/signals.hpp"

#include <atomic>
#include <csignal>

namespace dtx::util {

namespace {

std::atomic<int> g_signal{0};
std::atomic<int> g_count{0};
void on_signal(int sig, siginfo_t* /*info*/, void* /*context*/) {
    int expected = 0;
    g_signal.compare_exchange_strong(expected, sig);
    g_count.fetch_add(1);
}

}  // namespace

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        sigaction(sig, &sa, nullptr);
    }
    std::signal(SIGPIPE, SIG_IGN);
}

int received_signal() {
    return g_signal.load();
}
void record_signal(int sig) {
    on_signal(sig, nullptr, nullptr);
}
int signal_count() {
    return g_count.load();
}

}  // namespace dtx::util
