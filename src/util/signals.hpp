#pragma once
// Termination signals (SIGINT, SIGTERM, SIGHUP) are caught, not fatal: dtx must tear down first.

namespace dtx::util {

// Installs the handlers (without SA_RESTART, so blocking calls return EINTR) and ignores SIGPIPE.
void install_signal_handlers();

// True once a termination signal arrived.
bool interrupted();

// The first termination signal received, 0 if none.
int received_signal();

// Counts `sig` as received, as if its handler had run: the test command, in the terminal's
// foreground, died of the terminal's SIGINT, which was meant for the run.
void record_signal(int sig);

// How many termination signals arrived; a second one means "hurry".
int signal_count();

}  // namespace dtx::util
