#pragma once
// `dtx config` and `dtx validate`: the resolved spec, and whether it is valid.

#include "report/reporter.hpp"
#include "session/options.hpp"
#include "session/runtime.hpp"

#include <string>
#include <vector>

namespace dtx::session {

struct ConfigOptions {
    GlobalOptions global;
    std::string format = "yaml";    // yaml or json
    bool services = false;          // only the active services' names, one a line
    bool profiles = false;          // only the profiles the spec names, one a line
    bool images = false;            // only the active services' images, one a line
    bool quiet = false;             // validate only, print nothing
    bool mask = true;               // secrets as **** (--no-mask: in clear)
    std::vector<std::string> only;  // SERVICE...: just these (and what they depend on), profiles or not
};

// Prints the resolved project on rt.out. Throws SpecError (exit 125) with every error when invalid.
int show_config(const Runtime& rt, const ConfigOptions& options, report::Reporter& reporter);

// Prints every error (and, unless quiet, every warning) on stderr: 0 when valid, 1 when not.
int validate(const Runtime& rt, const GlobalOptions& global, bool quiet, report::Reporter& reporter);

}  // namespace dtx::session
