#pragma once
// The resolved project as `docker compose config` prints it (Compose v2's shape), for `dtx config`.

#include "compose/model.hpp"

#include <string>

namespace dtx::render {

// Whether the secrets in the document are shown or masked as `****` (spec/render_mask.hpp).
enum class Secrets { shown, masked };

// JSON like `docker compose config --format json`: keys sorted, `$` escaped as `$$`, ports in long
// form, depends_on as a mapping with condition and required, durations as Go writes them ("1m30s").
std::string render_json(const compose::Project& project, Secrets secrets = Secrets::shown);

// The same document as YAML.
std::string render_yaml(const compose::Project& project, Secrets secrets = Secrets::shown);

// Go's time.Duration text for whole milliseconds: "500ms", "10s", "1m30s", "1h0m0s", "1.5s".
std::string go_duration(compose::Millis d);

}  // namespace dtx::render
