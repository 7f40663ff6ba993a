#include "process/port_listener.hpp"

#include <catch2/catch.hpp>

using dtx::process::bound_socket_inodes;

namespace {

// /proc/net/tcp as Linux writes it: port 0x18EB = 6379 listening (0A) on 127.0.0.1, a connection
// from it (01), and port 0x18EC = 6380 listening.
const char* k_tcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 "
    "0000000000000000 100 0 0 10 0\n"
    "   1: 0100007F:18EB 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 31338 1 "
    "0000000000000000 20 4 30 10 -1\n"
    "   2: 00000000:18EC 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 42 1 "
    "0000000000000000 100 0 0 10 0\n"
    "garbage\n";

}  // namespace

TEST_CASE("the sockets listening on a port are read from /proc/net/tcp, connections left out", "[util][ports]") {
    CHECK(bound_socket_inodes(k_tcp, 6379, false) == std::vector<std::uint64_t>{31337});
    CHECK(bound_socket_inodes(k_tcp, 6380, false) == std::vector<std::uint64_t>{42});
    CHECK(bound_socket_inodes(k_tcp, 80, false).empty());
    // UDP has no listen state: every socket bound to the port counts.
    CHECK(bound_socket_inodes(k_tcp, 6379, true) == std::vector<std::uint64_t>{31337, 31338});
}
