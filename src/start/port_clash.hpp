#pragma once
// A container start that failed because a host port is taken: telling a fixed host port (which no
// retry frees) from an ephemeral one lost to a concurrent run, and saying what holds a fixed one.

#include "engine/engine.hpp"
#include "engine/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dtx::start {

// The engine's start failure says a host port is taken ("port is already allocated", "address
// already in use").
bool is_port_clash(const std::string& message);

// The fixed host port of `ports` (host_port != 0) that a port-clash `message` names
// ("Bind for 127.0.0.1:6380 failed", "listen tcp4 127.0.0.1:6380: bind"), or nullopt when it names
// none of them (an ephemeral port: starting again picks another one).
std::optional<engine::PortConfig> fixed_port_in_clash(const std::vector<engine::PortConfig>& ports,
                                                      const std::string& message);

// "container dtx-shop-1a2b3c-cache (dtx run shop-1a2b3c)" when `container` runs and publishes
// host port `port`, else nullopt.
std::optional<std::string> container_publishing(const engine::ContainerState& container,
                                                const engine::PortConfig& port);

// One sentence: "<service>: host port 127.0.0.1:6380 is already in use by <holder>; free it or
// publish another host port in the service's ports". The holder is a running container that
// publishes that port (the engine's containers inspected one by one: this is a failure path), else the local process
// listening on it (util::find_port_listener), else "another program". Never throws.
std::string fixed_port_clash_message(engine::Engine& engine, const std::string& service,
                                     const engine::PortConfig& port);

// `message` without the 64-hex ids and endpoint details the engine wraps port errors in:
// "Bind for 127.0.0.1:49153 failed: port is already allocated".
std::string port_clash_detail(const std::string& message);

}  // namespace dtx::start
