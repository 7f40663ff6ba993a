#pragma once
// Making sure every image of the project is present: building what has `build:`, pulling what is
// missing, as `pull_policy` says.

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "report/reporter.hpp"
#include "util/env_lookup.hpp"
#include "util/stop.hpp"

#include <map>
#include <string>
#include <vector>

namespace dtx::images {

// When the images of services with `build:` are built (--build, --no-build).
enum class BuildWhen {
    needed,  // the image is missing, or pull_policy is build (the default)
    always,  // --build: every time, even when present
    never,   // --no-build: never; a missing image is an error
};

struct ImageOptions {
    BuildWhen build = BuildWhen::needed;
    util::StopToken stop{};  // a termination signal cancels a build
};

// Whether ensure_images builds the image of `svc` (which has `build:`) when that image is
// `present` or not, and why in words ("built: the image is missing", "not built: --no-build").
struct BuildDecision {
    bool build = false;
    std::string why;
};
BuildDecision build_decision(const compose::Service& svc, bool present, BuildWhen when);

// First names the images of services that have `build:` and no `image:` ("<project>-<service>",
// see build.hpp: name_built_images), which is why `project` is not const. Then, per service:
//   - with `build:`: builds its image (build.hpp) as build_decision says, never pulls it; a present
//     image used without a build that is older than a file its context sends gets a warning
//     (image_freshness.hpp);
//   - without: pull_policy `missing` (the default) pulls the image when it is not present,
//     `always` pulls it every time, `never` and `build` only use a local image;
// pulls use the credentials `docker login` left in the docker config that `env` names. An image is
// built or pulled once however many services use it; what is built comes first, so a service that
// names an image another one builds does not pull it.
// Returns what each image is (id, EXPOSE ports, HEALTHCHECK), by image name. Throws EngineError
// naming the service (and its file:line:col) when an image cannot be had (with --no-build: when a
// build: service's image is missing).
std::map<std::string, engine::ImageInfo> ensure_images(engine::Engine& engine, compose::Project& project,
                                                       report::Reporter& reporter, const util::EnvLookup& env,
                                                       const ImageOptions& options = {});

// For --dry-run: what the images present locally are, by name, touching nothing (no pull, no
// build); images not present are absent from the map. Names built images as ensure_images does.
// Throws EngineError when the engine fails otherwise than "not found", Interrupted once `stop` is requested.
std::map<std::string, engine::ImageInfo> inspect_present_images(engine::Engine& engine, compose::Project& project,
                                                                const util::StopToken& stop = {});

}  // namespace dtx::images
