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

// Called on a stream's own thread when it ends (its container stopped, or the engine closed it),
// once all it printed is out; true ends the following.
using StreamEnd = std::function<bool(const std::string& service)>;

// Writes every line the containers printed since they started, and print from now on, to `out` as "service | line",
// until all streams end, `on_end` says so, or `stop()` (asked a few times a second) returns true. Lines are never
// interleaved.
void follow_logs(engine::Engine& engine, const std::vector<Followed>& containers, std::FILE* out,
                 const std::function<bool()>& stop, const StreamEnd& on_end = {});

}  // namespace dtx::start
