#pragma once
// Service settings the spec reads but a run does not pass to the engine yet: warned about, never
// silently dropped. (The run lifecycle work brings them to the engine and empties this list.)

#include "compose/model.hpp"

#include <string>
#include <vector>

namespace dtx::plan {

// The keys of `svc` that are set and that `dtx run` does not apply yet, in spec order.
std::vector<std::string> unapplied_keys(const compose::Service& svc);

}  // namespace dtx::plan
