#pragma once
// A service's own settings as the engine takes them: everything of the Compose service definition
// that shapes its container (entrypoint, user, limits, mounts, healthcheck, …). The run-specific
// parts (name, labels, network, ports) are the plan's.

#include "compose/model.hpp"
#include "engine/types.hpp"

#include <string>

namespace dtx::plan {

// The name a run gives the project volume `key`: external volumes keep theirs; the others are the
// run's own ("<run id>_<key>"), so parallel runs never share data.
std::string run_volume_name(const compose::Project& project, const std::string& run_id, const std::string& key);

// Fills `c` from `svc`. Volumes the engine creates on the fly (named and anonymous) get
// `volume_labels`, so teardown finds them by the run's label.
void apply_service_settings(const compose::Project& project, const compose::Service& svc, const std::string& run_id,
                            const engine::Labels& volume_labels, engine::ContainerConfig& c);

}  // namespace dtx::plan
