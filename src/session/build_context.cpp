#include "session/build_context.hpp"

#include "util/dockerignore.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/tar.hpp"

#include <fmt/format.h>
#include <filesystem>

namespace dtx::session {

namespace {

namespace fs = std::filesystem;
using util::Errc;
using util::fail;

constexpr size_t k_dockerfile_hash_chars = 20;  // the docker CLI's random suffix is as long

struct IgnoreFile {
    std::string path;  // "" when there is none
    std::string text;
};

// `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`.
util::Result<IgnoreFile> read_ignore_file(const fs::path& context, const fs::path& dockerfile) {
    for (const fs::path& candidate : {fs::path(dockerfile.string() + ".dockerignore"), context / ".dockerignore"}) {
        auto text = util::read_text_file(candidate.string());
        if (text) {
            return IgnoreFile{candidate.string(), std::move(*text)};
        }
        if (text.error().code != Errc::not_found) {
            return fail(Errc::io, fmt::format("cannot read {}: {}", candidate.string(), text.error().message));
        }
    }
    return IgnoreFile{};
}

}  // namespace

util::Result<BuildContext> pack_build_context(const spec::Build& build) {
    fs::path context = fs::path(build.context).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(context, ec)) {
        return fail(Errc::not_found, fmt::format("the build context {} is not a directory", context.string()));
    }
    fs::path dockerfile = (context / build.dockerfile).lexically_normal();  // an absolute one stays itself
    auto dockerfile_text = util::read_text_file(dockerfile.string());
    if (!dockerfile_text) {
        return fail(
            dockerfile_text.error().code == Errc::not_found ? Errc::not_found : Errc::io,
            fmt::format("cannot read the Dockerfile {}: {}", dockerfile.string(), dockerfile_text.error().message));
    }
    std::string inside = dockerfile.lexically_relative(context).generic_string();
    bool outside = inside.empty() || inside == ".." || inside.starts_with("../");

    auto ignore_file = read_ignore_file(context, dockerfile);
    if (!ignore_file) {
        return ignore_file.error();
    }
    auto ignore = util::Dockerignore::parse(ignore_file->text);
    if (!ignore) {
        return fail(Errc::invalid, fmt::format("{}: {}", ignore_file->path, ignore.error().message));
    }
    ignore->keep(".dockerignore");
    if (!outside) {
        ignore->keep(inside);
    }

    BuildContext out;
    out.ignore_file = ignore_file->path;
    out.dockerfile =
        outside ? ".dockerfile." + util::sha256_hex(*dockerfile_text).substr(0, k_dockerfile_hash_chars) : inside;
    util::TarWriter tar;
    auto added = tar.add_tree(context.string(), [&](const std::string& name, bool is_directory) {
        if (outside && name == ".dockerignore") {
            return util::TarChoice::leave_out;  // sent below, with the Dockerfile's name added
        }
        if (!ignore->excluded(name)) {
            return util::TarChoice::add;
        }
        return is_directory && ignore->exception_under(name) ? util::TarChoice::look_inside
                                                             : util::TarChoice::leave_out;
    });
    if (!added) {
        return added.error();
    }
    if (outside) {
        auto root_ignore = util::read_text_file((context / ".dockerignore").string());
        std::string listed = root_ignore ? *root_ignore : std::string();
        tar.add_file(".dockerignore", listed + "\n" + out.dockerfile + "\n");
        tar.add_file(out.dockerfile, *dockerfile_text);
    }
    out.tar = tar.finish();
    return out;
}

}  // namespace dtx::session
