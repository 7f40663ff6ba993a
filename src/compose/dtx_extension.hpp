#pragma once
// The x-dtx extension, validated strictly: every field known, every template placeholder known.

#include "compose/decode_context.hpp"

namespace dtx::compose {

// services.<name>.x-dtx: wait, wait-timeout, export, init, kind.
void decode_service_extension(DecodeContext& ctx, Service& svc, const yaml::Node& node, const std::string& path);

// Top-level x-dtx: wait-timeout, export.
void decode_project_extension(DecodeContext& ctx, Project& project, const yaml::Node& node);

}  // namespace dtx::compose
