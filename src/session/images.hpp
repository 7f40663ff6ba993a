#pragma once
// Making sure every image of the project is present, pulling what is missing.

#include "engine/engine.hpp"
#include "session/reporter.hpp"
#include "spec/model.hpp"
#include "util/env_lookup.hpp"

#include <map>
#include <string>
#include <vector>

namespace dtx::session {

// Inspects each distinct image, pulls the missing ones (with the credentials `docker login` left in
// the docker config that `env` names), and returns the ports each declares with EXPOSE. Throws
// EngineError naming the image and the service when one cannot be had.
std::map<std::string, std::vector<std::string>> ensure_images(engine::Engine& engine, const spec::Project& project,
                                                              Reporter& reporter, const util::EnvLookup& env);

}  // namespace dtx::session
