#pragma once
// Building the image of a service that has `build:`, as docker compose does.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "report/reporter.hpp"
#include "util/stop.hpp"

#include <string>

namespace dtx::images {

// The name of a service's image: its `image:`, else "<project>-<service>" as docker compose v2
// names what it builds (v1 used '_').
std::string image_name(const compose::Project& project, const compose::Service& svc);

// Gives every service that has `build:` and no `image:` the name its built image gets, so that
// the plan and the containers use it. Idempotent.
void name_built_images(compose::Project& project);

// Builds `svc`'s image from its `build:` (context, dockerfile, target, args) and tags it
// image_name(); the image carries dev.dtx.project (and dev.dtx.service) so that a later prune can
// find it. Each step ("Step 2/5 : RUN …") is a note; the rest of the output is logged at debug
// level, and on failure its last lines go to the reporter as the service's logs. Throws
// EngineError naming the service, the Dockerfile and the engine's message when the context cannot
// be packed or the build fails, Interrupted when `stop` cancelled it. `svc.build` must be set.
void build_service_image(engine::Engine& engine, const compose::Project& project, const compose::Service& svc,
                         report::Reporter& reporter, const util::StopToken& stop = {});

}  // namespace dtx::images
