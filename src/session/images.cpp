#include "session/images.hpp"

#include "engine/registry_auth.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::session {

std::map<std::string, std::vector<std::string>> ensure_images(engine::Engine& engine, const spec::Project& project,
                                                              Reporter& reporter, const util::EnvLookup& env) {
    std::map<std::string, std::vector<std::string>> exposed;
    for (const auto& svc : project.services) {
        if (svc.image.empty()) {
            throw EngineError(
                fmt::format("{}:{}:{}: services.{}: dtx cannot build images yet; build it with docker "
                            "build and name it with image:",
                            svc.location.file, svc.location.line, svc.location.column, svc.name));
        }
        if (exposed.count(svc.image) != 0) {
            continue;
        }
        auto info = engine.inspect_image(svc.image);
        if (!info && info.error().code == util::Errc::not_found) {
            reporter.service(svc.name, Phase::pulling, {}, svc.image);
            auto auth = engine::registry_auth_for(svc.image, env);
            if (!auth) {
                throw EngineError(fmt::format("{}:{}:{}: services.{}.image: cannot pull \"{}\": {}", svc.location.file,
                                              svc.location.line, svc.location.column, svc.name, svc.image,
                                              auth.error().message));
            }
            auto pulled = engine.pull_image(svc.image, auth->has_value() ? &**auth : nullptr);
            if (!pulled) {
                throw EngineError(fmt::format(
                    "{}:{}:{}: services.{}.image: image \"{}\" is not present locally and pulling it failed ({}); "
                    "build or load the image first, or fix its name",
                    svc.location.file, svc.location.line, svc.location.column, svc.name, svc.image,
                    pulled.error().message));
            }
            info = engine.inspect_image(svc.image);
        }
        if (!info) {
            throw EngineError(fmt::format("services.{}.image: cannot inspect image \"{}\": {}", svc.name, svc.image,
                                          info.error().message));
        }
        exposed[svc.image] = info->exposed_ports;
    }
    return exposed;
}

}  // namespace dtx::session
