#pragma once
// The secrets in `dtx config`'s document, masked value by value (used by render.cpp only).

#include <nlohmann/json.hpp>

namespace dtx::render {

// Masks the document project_json made: every string value through util::masked, with the `$$`
// escaping undone first so that a secret holding a `$` is found; and the whole value of every
// service's environment variable and build argument whose name says it is secret
// (util::is_secret_name), however short. Keys and the structure stay.
void mask_secrets(nlohmann::json& document);

}  // namespace dtx::render
