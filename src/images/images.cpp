#include "images/images.hpp"

#include "engine/registry_auth.hpp"
#include "images/build.hpp"
#include "images/image_freshness.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <chrono>
#include <optional>
#include <set>

namespace dtx::images {

namespace {

std::string where(const compose::Service& svc) {
    return fmt::format("{}:{}:{}: services.{}", svc.location.file, svc.location.line, svc.location.column, svc.name);
}

// The image when present; nullopt when the engine does not have it; throws for anything else.
std::optional<engine::ImageInfo> inspect_local(engine::Engine& engine, const compose::Service& svc) {
    auto info = engine.inspect_image(svc.image);
    if (info) {
        return std::move(*info);
    }
    if (info.error().code == util::Errc::not_found) {
        return std::nullopt;
    }
    throw EngineError(
        fmt::format("services.{}.image: cannot inspect image \"{}\": {}", svc.name, svc.image, info.error().message));
}

void pull(engine::Engine& engine, const compose::Service& svc, bool present, report::Reporter& reporter,
          const util::EnvLookup& env) {
    reporter.service(svc.name, report::Phase::pulling, {}, svc.image);
    auto auth = engine::registry_auth_for(svc.image, env);
    if (!auth) {
        throw EngineError(fmt::format("{}.image: cannot pull \"{}\": {}", where(svc), svc.image, auth.error().message));
    }
    auto pulled = engine.pull_image(svc.image, auth->has_value() ? &**auth : nullptr);
    if (pulled) {
        return;
    }
    if (present) {
        throw EngineError(fmt::format("{}.image: pull_policy is always and pulling \"{}\" failed ({})", where(svc),
                                      svc.image, pulled.error().message));
    }
    throw EngineError(
        fmt::format("{}.image: image \"{}\" is not present locally and pulling it failed ({}); build or load the "
                    "image first, or fix its name",
                    where(svc), svc.image, pulled.error().message));
}

// A service without build: the local image, pulled first when pull_policy says so.
engine::ImageInfo pulled_image(engine::Engine& engine, const compose::Service& svc, report::Reporter& reporter,
                               const util::EnvLookup& env) {
    auto info = inspect_local(engine, svc);
    const std::string& policy = svc.pull_policy;
    if (!info && (policy == "never" || policy == "build")) {
        throw EngineError(
            fmt::format("{}.image: image \"{}\" is not present locally and pull_policy is {}; "
                        "build or load the image first",
                        where(svc), svc.image, policy));
    }
    if (info && policy != "always") {
        return std::move(*info);
    }
    pull(engine, svc, info.has_value(), reporter, env);
    info = inspect_local(engine, svc);
    if (!info) {
        throw EngineError(fmt::format("{}.image: image \"{}\" is still missing after the pull", where(svc), svc.image));
    }
    return std::move(*info);
}

// A service with build: the local image, built first when it is missing or a build is asked for.
engine::ImageInfo built_image(engine::Engine& engine, const compose::Project& project, const compose::Service& svc,
                              report::Reporter& reporter, const ImageOptions& options) {
    auto info = inspect_local(engine, svc);
    BuildDecision decision = build_decision(svc, info.has_value(), options.build);
    if (!decision.build && info) {
        if (auto stale = stale_image_note(svc, *info, project.directory, std::chrono::system_clock::now())) {
            reporter.warning(svc.name + ": " + *stale);
        }
        return std::move(*info);
    }
    if (!decision.build) {
        throw EngineError(
            fmt::format("{}.build: image \"{}\" is not present locally and --no-build forbids building "
                        "it; build it first, or run without --no-build",
                        where(svc), svc.image));
    }
    build_service_image(engine, project, svc, reporter, options.stop);
    info = inspect_local(engine, svc);
    if (!info) {
        throw EngineError(
            fmt::format("{}.build: image \"{}\" is missing right after its build", where(svc), svc.image));
    }
    return std::move(*info);
}

}  // namespace

BuildDecision build_decision(const compose::Service& svc, bool present, BuildWhen when) {
    if (when == BuildWhen::never) {
        return {false, present ? "not built: --no-build" : "not built: --no-build, and the image is missing"};
    }
    if (when == BuildWhen::always) {
        return {true, "built: --build"};
    }
    if (!present) {
        return {true, "built: the image is missing"};
    }
    if (svc.pull_policy == "build") {
        return {true, "built: pull_policy is build"};
    }
    return {false, "not built: the image is present (--build rebuilds it)"};
}

std::map<std::string, engine::ImageInfo> inspect_present_images(engine::Engine& engine, compose::Project& project,
                                                                const util::StopToken& stop) {
    name_built_images(project);
    std::map<std::string, engine::ImageInfo> images;
    std::set<std::string> missing;
    for (const auto& svc : project.services) {
        stop.throw_if_stopped();
        if (images.count(svc.image) != 0 || missing.count(svc.image) != 0) {
            continue;
        }
        if (auto info = inspect_local(engine, svc)) {
            images[svc.image] = std::move(*info);
        } else {
            missing.insert(svc.image);
        }
    }
    return images;
}

std::map<std::string, engine::ImageInfo> ensure_images(engine::Engine& engine, compose::Project& project,
                                                       report::Reporter& reporter, const util::EnvLookup& env,
                                                       const ImageOptions& options) {
    name_built_images(project);
    std::map<std::string, engine::ImageInfo> images;
    // Builds first: a service that only names an image another one builds must not pull it.
    for (const auto& svc : project.services) {
        if (svc.build && images.count(svc.image) == 0) {
            images[svc.image] = built_image(engine, project, svc, reporter, options);
        }
    }
    for (const auto& svc : project.services) {
        if (!svc.build && images.count(svc.image) == 0) {
            images[svc.image] = pulled_image(engine, svc, reporter, env);
        }
    }
    return images;
}

}  // namespace dtx::images
