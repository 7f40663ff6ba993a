#pragma once
// Termination signals (SIGINT, SIGTERM, SIGHUP) are caught, not fatal: dtx must tear down first.
// The rest of dtx reads them through util::StopToken::from_signals() (stop.hpp), nowhere else.

namespace dtx::util {

// Installs the handlers (without SA_RESTART, so blocking calls return EINTR) and ignores SIGPIPE.
void install_signal_handlers();

// The first termination signal received, 0 if none.
int received_signal();

// Counts `sig` as received, as if its handler had run: the test command, in the terminal's
// foreground, died of the terminal's SIGINT, which was meant for the run.
void record_signal(int sig);

// How many termination signals arrived; a second one means "hurry".
int signal_count();

}  // namespace dtx::util
