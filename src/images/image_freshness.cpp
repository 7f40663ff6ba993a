#include "images/image_freshness.hpp"

#include "engine/engine_time.hpp"

#include <fmt/format.h>
#include <filesystem>

namespace dtx::images {

namespace {

namespace fs = std::filesystem;

// "./api/main.go" for a file under the spec's directory, else the path as it is.
std::string shown(const std::string& path, const std::string& directory) {
    if (directory.empty()) {
        return path;
    }
    std::string relative = fs::path(path).lexically_relative(directory).generic_string();
    return relative.empty() || relative.starts_with("..") ? path : "./" + relative;
}

}  // namespace

std::string age_text(util::WallTime then, util::WallTime now) {
    using std::chrono::duration_cast;
    auto seconds = duration_cast<std::chrono::seconds>(now - then).count();
    if (seconds < 60) {
        return fmt::format("{} s", std::max<long long>(seconds, 0));
    }
    if (seconds < 3600) {
        return fmt::format("{} min", seconds / 60);
    }
    if (seconds < 48LL * 3600) {
        return fmt::format("{} h", seconds / 3600);
    }
    return fmt::format("{} days", seconds / 86400);
}

std::optional<std::string> stale_image_note(const compose::Service& svc, const engine::ImageInfo& image,
                                            const std::string& directory, util::WallTime now) {
    if (!svc.build) {
        return std::nullopt;
    }
    auto created = engine::parse_engine_time(image.created);
    if (!created) {
        return std::nullopt;
    }
    auto newest = newest_context_file(*svc.build);
    if (!newest || newest->modified <= *created) {
        return std::nullopt;
    }
    return fmt::format("image {} built {} ago is older than {} (changed {} ago); run with --build", svc.image,
                       age_text(*created, now), shown(newest->path, directory), age_text(newest->modified, now));
}

}  // namespace dtx::images
