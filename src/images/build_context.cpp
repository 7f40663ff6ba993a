#include "images/build_context.hpp"

#include "images/dockerignore.hpp"
#include "images/tar.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>
#include <filesystem>

namespace dtx::images {

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

// What packing and the freshness walk share: where the context and the Dockerfile are, and what
// the ignore file leaves out.
struct Prepared {
    fs::path context;
    fs::path dockerfile;
    std::string dockerfile_text;
    std::string inside;  // the Dockerfile's path in the context
    bool outside = false;
    std::string ignore_path;
    Dockerignore ignore;

    // The tar filter's choice for a context entry.
    TarChoice choice(const std::string& name, bool is_directory) const {
        if (!ignore.excluded(name)) {
            return TarChoice::add;
        }
        return is_directory && ignore.exception_under(name) ? TarChoice::look_inside : TarChoice::leave_out;
    }
};

util::Result<Prepared> prepare(const compose::Build& build) {
    Prepared p;
    p.context = fs::path(build.context).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(p.context, ec)) {
        return fail(Errc::not_found, fmt::format("the build context {} is not a directory", p.context.string()));
    }
    if (!build.dockerfile_inline.empty()) {
        // Sent like a Dockerfile outside the context; no file of that name exists to look at.
        p.dockerfile = p.context / "Dockerfile.inline";
        p.dockerfile_text = build.dockerfile_inline;
        p.outside = true;
    } else {
        p.dockerfile = (p.context / build.dockerfile).lexically_normal();  // an absolute one stays itself
        auto dockerfile_text = util::read_text_file(p.dockerfile.string());
        if (!dockerfile_text) {
            return fail(dockerfile_text.error().code == Errc::not_found ? Errc::not_found : Errc::io,
                        fmt::format("cannot read the Dockerfile {}: {}", p.dockerfile.string(),
                                    dockerfile_text.error().message));
        }
        p.dockerfile_text = std::move(*dockerfile_text);
        p.inside = p.dockerfile.lexically_relative(p.context).generic_string();
        p.outside = p.inside.empty() || p.inside == ".." || p.inside.starts_with("../");
    }

    auto ignore_file = read_ignore_file(p.context, p.dockerfile);
    if (!ignore_file) {
        return ignore_file.error();
    }
    auto ignore = Dockerignore::parse(ignore_file->text);
    if (!ignore) {
        return fail(Errc::invalid, fmt::format("{}: {}", ignore_file->path, ignore.error().message));
    }
    p.ignore = std::move(*ignore);
    p.ignore.keep(".dockerignore");
    if (!p.outside) {
        p.ignore.keep(p.inside);
    }
    p.ignore_path = ignore_file->path;
    return p;
}

util::WallTime wall_time(fs::file_time_type t) {
    return std::chrono::time_point_cast<util::WallTime::duration>(std::chrono::file_clock::to_sys(t));
}

}  // namespace

std::optional<NewestFile> newest_context_file(const compose::Build& build, std::size_t max_entries) {
    auto prepared = prepare(build);
    if (!prepared) {
        return std::nullopt;
    }
    const Prepared& p = *prepared;
    std::optional<NewestFile> newest;
    auto consider = [&](const fs::path& path, fs::file_time_type t) {
        if (!newest || wall_time(t) > newest->modified) {
            newest = NewestFile{path.string(), wall_time(t)};
        }
    };
    std::error_code ec;
    if (p.outside) {
        if (auto t = fs::last_write_time(p.dockerfile, ec); !ec) {
            consider(p.dockerfile, t);
        }
    }
    std::size_t seen = 0;
    fs::recursive_directory_iterator it(p.context, fs::directory_options::none, ec);
    for (; !ec && it != fs::recursive_directory_iterator() && seen < max_entries; it.increment(ec), ++seen) {
        auto status = it->symlink_status(ec);
        if (ec) {
            break;
        }
        std::string name = it->path().lexically_relative(p.context).generic_string();
        bool is_directory = fs::is_directory(status);
        auto choice = p.choice(name, is_directory);
        if (is_directory) {
            if (choice == TarChoice::leave_out) {
                it.disable_recursion_pending();
            }
            continue;  // a directory's own time says only that an entry was added or removed
        }
        if (choice == TarChoice::add && fs::is_regular_file(status)) {
            if (auto t = fs::last_write_time(it->path(), ec); !ec) {
                consider(it->path(), t);
            }
            ec.clear();
        }
    }
    return newest;
}

util::Result<BuildContext> pack_build_context(const compose::Build& build) {
    auto prepared = prepare(build);
    if (!prepared) {
        return prepared.error();
    }
    const Prepared& p = *prepared;
    const fs::path& context = p.context;
    const std::string& dockerfile_text = p.dockerfile_text;
    bool outside = p.outside;
    BuildContext out;
    out.ignore_file = p.ignore_path;
    out.dockerfile =
        outside ? ".dockerfile." + util::sha256_hex(dockerfile_text).substr(0, k_dockerfile_hash_chars) : p.inside;
    TarWriter tar;
    auto added = tar.add_tree(context.string(), [&](const std::string& name, bool is_directory) {
        if (outside && name == ".dockerignore") {
            return TarChoice::leave_out;  // sent below, with the Dockerfile's name added
        }
        return p.choice(name, is_directory);
    });
    if (!added) {
        return added.error();
    }
    if (outside) {
        auto root_ignore = util::read_text_file((context / ".dockerignore").string());
        std::string listed = root_ignore ? *root_ignore : std::string();
        tar.add_file(".dockerignore", listed + "\n" + out.dockerfile + "\n");
        tar.add_file(out.dockerfile, dockerfile_text);
    }
    out.tar = tar.finish();
    return out;
}

}  // namespace dtx::images
