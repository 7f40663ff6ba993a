#pragma once
// The `all` strategy: several checks that must each pass.

#include "probe/probe.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dtx::probe {

// Ready once every probe has been ready, taken in order: a check runs the first probe not yet
// ready and each after it while they pass, so a probe that passed is not asked again. not_yet and
// failed carry the pending probe's reason, prefixed with its name when there are several
// and it differs from this one's ("http: status 503, want 200"). Named `name`, or "all(tcp, http)" when `name` is
// empty.
std::unique_ptr<Probe> all_probe(std::vector<std::unique_ptr<Probe>> probes, std::string name = "");

}  // namespace dtx::probe
