#include "engine/docker_engine.hpp"

#include "engine/json_images.hpp"
#include "engine/line_splitter.hpp"
#include "util/percent.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <optional>

namespace dtx::engine {

namespace {

// A build runs the Dockerfile's own steps, which may legitimately take long; still bounded.
constexpr std::chrono::milliseconds k_build_timeout{30 * 60'000};

// "postgres:15" -> ("postgres", "15"); "host:5000/img" -> ("host:5000/img", "latest"); digests stay whole.
std::pair<std::string, std::string> split_reference(const std::string& ref) {
    if (ref.find('@') != std::string::npos) {
        return {ref, ""};
    }
    auto colon = ref.rfind(':');
    auto slash = ref.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
        return {ref, "latest"};
    }
    return {ref.substr(0, colon), ref.substr(colon + 1)};
}

// An image reference as a path segment: the engine routes /images/{name:.*}/json and wants the
// '/' and ':' of "127.0.0.1:5000/team/app:1" as they are (the docker CLI sends them so); every
// other special byte is encoded.
std::string image_path(const std::string& ref) {
    return util::percent_encode(ref, "/:");
}

// A pull failure reported inside the stream: the registry's words decide whether the image is
// missing (or hidden from us, which registries report the same way) or something else broke.
util::Errc pull_error_code(const std::string& message) {
    std::string text = util::lower(message);
    for (const char* missing : {"not found", "manifest unknown", "pull access denied"}) {
        if (text.find(missing) != std::string::npos) {
            return util::Errc::not_found;
        }
    }
    return util::Errc::server;
}

// Reads a JSON-lines progress stream: every message goes to `progress` until the first error,
// which is kept and ends the stream. Lines that are not JSON are skipped: the stream only informs.
class ProgressReader {
public:
    explicit ProgressReader(const ProgressSink& progress) : m_progress(progress) {}

    bool feed(std::string_view chunk) {
        return m_splitter.feed(chunk, [this](std::string_view line) { return on_line(line); });
    }
    void finish() {
        if (!m_error) {
            m_splitter.finish([this](std::string_view line) { return on_line(line); });
        }
    }
    const std::optional<std::string>& error() const { return m_error; }
    const std::string& aux_id() const { return m_aux_id; }

private:
    bool on_line(std::string_view line) {
        auto p = json::parse_progress(line);
        if (!p) {
            return true;
        }
        if (!p->error.empty()) {
            m_error = p->error;
            return false;
        }
        if (!p->aux_id.empty()) {
            m_aux_id = p->aux_id;
        }
        if (m_progress) {
            m_progress(*p);
        }
        return true;
    }

    const ProgressSink& m_progress;
    LineSplitter m_splitter;
    std::optional<std::string> m_error;
    std::string m_aux_id;
};

}  // namespace

Result<ImageInfo> DockerEngine::inspect_image(const std::string& ref) {
    auto response = call("GET", "/images/" + image_path(ref) + "/json", fmt::format("image {}", ref));
    if (!response) {
        return response.error();
    }
    return json::parse_image(response->body);
}

Status DockerEngine::pull_image(const std::string& ref, const RegistryAuth* auth, const ProgressSink& progress) {
    auto [name, tag] = split_reference(ref);
    HttpRequest request{"POST", "/images/create?fromImage=" + util::percent_encode(name), "", k_pull_timeout};
    if (!tag.empty()) {
        request.path += "&tag=" + util::percent_encode(tag);
    }
    if (auth != nullptr) {
        request.headers.push_back("X-Registry-Auth: " + json::registry_auth_header(*auth));
    }
    std::string what = fmt::format("pulling {}", ref);
    ProgressReader reader(progress);
    auto status = call_stream(std::move(request), what, [&](std::string_view chunk) { return reader.feed(chunk); });
    if (!status) {
        return status;
    }
    // The pull answers 200 before it starts and reports failures inside its progress stream.
    reader.finish();
    if (const auto& error = reader.error()) {
        return util::fail(pull_error_code(*error), fmt::format("{}: {}", what, *error));
    }
    return util::ok_status();
}

Result<std::string> DockerEngine::build_image(const BuildConfig& spec, const ProgressSink& progress) {
    HttpRequest request{"POST", "/build?" + json::build_query(spec), spec.context_tar, k_build_timeout};
    request.content_type = "application/x-tar";
    request.cancel = spec.cancel;
    std::string what =
        spec.tags.empty() ? std::string("building an image") : fmt::format("building {}", spec.tags.front());
    ProgressReader reader(progress);
    auto status = call_stream(std::move(request), what, [&](std::string_view chunk) { return reader.feed(chunk); });
    if (!status) {
        return status.error();
    }
    // A cancelled stream ends like a finished one; the tag may still name an older image.
    if (spec.cancel != nullptr && spec.cancel->load()) {
        return util::fail(util::Errc::io, fmt::format("{}: cancelled", what));
    }
    reader.finish();
    if (const auto& error = reader.error()) {
        return util::fail(util::Errc::server, fmt::format("{}: {}", what, *error));
    }
    if (!reader.aux_id().empty()) {
        return reader.aux_id();
    }
    // Older engines and some builders do not report the id: the first tag names the result.
    if (spec.tags.empty()) {
        return util::fail(util::Errc::invalid, fmt::format("{}: the engine reported no image id", what));
    }
    auto image = inspect_image(spec.tags.front());
    if (!image) {
        return image.error();
    }
    return image->id;
}

Status DockerEngine::tag_image(const std::string& source, const std::string& repo, const std::string& tag) {
    std::string query = "repo=" + util::percent_encode(repo) + (tag.empty() ? "" : "&tag=" + util::percent_encode(tag));
    return util::status_of(call("POST", "/images/" + image_path(source) + "/tag?" + query,
                                fmt::format("tagging {} as {}{}", source, repo, tag.empty() ? "" : ":" + tag)));
}

Status DockerEngine::remove_image(const std::string& ref, bool force) {
    return util::status_of(call("DELETE", "/images/" + image_path(ref) + (force ? "?force=1" : ""),
                                fmt::format("removing image {}", ref)));
}

}  // namespace dtx::engine
