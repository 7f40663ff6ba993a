#pragma once
// Which local process listens on a port: /proc/net/{tcp,tcp6,udp,udp6} give the socket's inode,
// /proc/<pid>/fd the process holding it. Best effort: another user's descriptors are visible to
// root only, and a listener in another network namespace is not seen.

#include <sys/types.h>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::process {

// The inodes of the sockets bound to local `port` in `table`, the text of /proc/net/tcp[6] (state
// LISTEN) or, with `udp`, /proc/net/udp[6] (any state). Lines it cannot read are skipped.
std::vector<std::uint64_t> bound_socket_inodes(std::string_view table, std::uint16_t port, bool udp);

struct PortListener {
    pid_t pid = 0;
    std::string name;  // its comm ("python3", "docker-proxy")
};

// The first process found holding a socket bound to `port` ("tcp" or "udp"), or nullopt.
std::optional<PortListener> find_port_listener(std::uint16_t port, const std::string& protocol);

}  // namespace dtx::process
