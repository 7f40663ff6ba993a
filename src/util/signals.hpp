#pragma once
// Termination signals (SIGINT, SIGTERM, SIGHUP) are caught, not fatal: dtx must tear down first.

namespace dtx::util {

// Installs the handlers (without SA_RESTART, so blocking calls return EINTR) and ignores SIGPIPE.
void install_signal_handlers();

// True once a termination signal arrived.
bool interrupted();

// The first termination signal received, 0 if none.
int received_signal();

// True when the first signal was sent by a process with kill(2) rather than by the terminal
// (a terminal's Ctrl-C already reaches the whole foreground process group, the command included).
bool signal_sent_by_process();

// How many termination signals arrived; a second one means "hurry".
int signal_count();

}  // namespace dtx::util
