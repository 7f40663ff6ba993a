#pragma once
// Decoders of the service keys that need more than a typed read, one group per file.

#include "compose/decode_context.hpp"

namespace dtx::compose {

// ports (short and long syntax) and expose.
void decode_ports(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path, bool expose);
// depends_on: a list of names, or a mapping of name: {condition, required, restart}.
void decode_depends_on(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// tmpfs: "/path[:options]" strings (size=, mode=) or a list of them.
void decode_tmpfs(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// volumes: short "src:dst[:ro]" and long {type, source, target, read_only, tmpfs.size}.
void decode_volumes(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// healthcheck: test as string (CMD-SHELL), list (CMD / CMD-SHELL / NONE), durations, retries, disable.
void decode_healthcheck(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// deploy.resources.{limits,reservations}.{cpus,memory,pids}; other deploy keys warn.
void decode_deploy(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// ulimits: name: N, or name: {soft, hard}.
void decode_ulimits(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// build: "context" or {context, dockerfile, args, target}.
void decode_build(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// networks: a list of names, or name: {aliases} / null.
void decode_networks(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);

// links, volumes_from and network_mode/ipc/pid "service:X" each add the dependency Compose derives
// (service_started) to depends_on, unless one on that service is there already.
// links: "svc" or "svc:alias".
void decode_links(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// volumes_from: "svc", "svc:ro", "svc:rw", "container:name[:ro|:rw]".
void decode_volumes_from(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);
// network_mode, ipc, pid (`key`): a mode, "service:X" or "container:NAME".
void decode_namespace_mode(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path,
                           const std::string& key);
// Drops a derived dependency where depends_on itself (read later) names the service.
void drop_implied_duplicates(Service& svc);

}  // namespace dtx::compose
