#pragma once
// Docker Engine API JSON of containers, exec and events.

#include "engine/types.hpp"
#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dtx::engine::json {

// `api_version` decides what the engine understands (healthcheck start_interval needs 1.44); a
// setting left out for that reason is named in `dropped` when given.
std::string container_create_body(const ContainerConfig& spec, const std::string& api_version = "1.45",
                                  std::vector<std::string>* dropped = nullptr);
util::Result<ContainerState> parse_container(const std::string& body);
util::Result<std::vector<ContainerSummary>> parse_container_list(const std::string& body);

// The answer of POST /containers/{id}/wait: the exit code; fails (Errc::server) when the engine
// reports an error waiting.
util::Result<int> parse_wait(const std::string& body);

// The bodies of POST /containers/{id}/exec and POST /exec/{id}/start.
std::string exec_create_body(const ExecConfig& spec);
std::string exec_start_body(const ExecConfig& spec);
util::Result<ExecState> parse_exec(const std::string& body);

// The `filters` query value of GET /events; only the non-empty lists appear.
std::string event_filters(const EventFilter& filter);
// One line of the events stream.
util::Result<Event> parse_event(std::string_view line);

}  // namespace dtx::engine::json
