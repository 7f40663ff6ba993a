#pragma once
// Checks across services, after each one decoded: references, cycles, profiles, host ports.

#include "compose/decode_context.hpp"
#include "compose/model.hpp"

#include <vector>

namespace dtx::compose {

// Records in ctx.errors: depends_on an unknown or inactive service, dependency cycles, two services
// publishing the same fixed host port, named volumes missing from the top-level `volumes:`.
// `inactive` are services left out by their profiles (name -> their profiles, "a, b").
void validate_project(DecodeContext& ctx, const Project& project, const std::map<std::string, std::string>& inactive);

}  // namespace dtx::compose
