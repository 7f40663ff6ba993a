#pragma once
// Compose's top-level `include:`, which dtx does not support yet.

#include "compose/decode_context.hpp"
#include "yaml/tree.hpp"

#include <string>

namespace dtx::load {

// When the top-level mapping `root` of `file` has `include:`, records an error at that key with the
// `dtx -f … -f …` command that loads the included files instead, and removes the key (so it is not
// also warned about as an ignored key). Included projects bring their own directory and .env, which
// -f files do not; refusing is better than losing their services silently.
void refuse_include(compose::DecodeContext& ctx, yaml::Node& root, const std::string& file);

}  // namespace dtx::load
