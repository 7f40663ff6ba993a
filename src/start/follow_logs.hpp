#pragma once
// Following the output of several containers at once, as `docker compose up` shows it.

#include "engine/engine.hpp"

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace dtx::start {

struct Followed {
    std::string service;
    std::string container_id;
    bool tty = false;  // created with a TTY: its log stream is raw, not multiplexed
};

// Writes every line the containers printed since they started, and print from now on, to `out` as "service | line",
// until all streams end or `stop()` (asked a few times a second) returns true. Lines are never interleaved.
void follow_logs(engine::Engine& engine, const std::vector<Followed>& containers, std::FILE* out,
                 const std::function<bool()>& stop);

}  // namespace dtx::start
