#pragma once
// Compose port syntax: "[[HOST_IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]", with ranges ("8000-8002").

#include "compose/model.hpp"
#include "util/result.hpp"

#include <string_view>
#include <vector>

namespace dtx::compose {

// One mapping per container port of `text` (a range gives several). Fails with a message that
// says what is wrong with the text; the caller adds where it is.
util::Result<std::vector<PortMapping>> parse_port(std::string_view text);

// A "FIRST[-LAST]" port range: each number 1..65535, LAST >= FIRST.
util::Result<std::vector<std::uint16_t>> parse_port_range(std::string_view text);

}  // namespace dtx::compose
