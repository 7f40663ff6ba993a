#pragma once
// Volumes and networks a spec marks `external`: made outside the project, used as they are, never
// created or removed by dtx. Each must exist before anything is created.

#include "compose/model.hpp"
#include "engine/engine.hpp"

namespace dtx::start {

// Throws SpecError naming the first external volume or network a service uses that the engine
// does not have (and how to make it), EngineError when the engine cannot tell.
void require_external_resources(engine::Engine& engine, const compose::Project& project);

}  // namespace dtx::start
