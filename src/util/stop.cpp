#include "util/stop.hpp"

#include "util/error.hpp"
#include "util/signals.hpp"

namespace dtx::util {

StopToken StopToken::from_signals() {
    return StopToken([] { return received_signal(); }, [] { return signal_count(); });
}

void StopToken::throw_if_stopped() const {
    if (int sig = signal(); sig != 0) {
        throw Interrupted(sig);
    }
}

}  // namespace dtx::util
