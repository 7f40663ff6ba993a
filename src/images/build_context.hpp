#pragma once
// The build context of a Compose `build:`, packed the way `docker build` sends it to the engine.

#include "compose/model.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace dtx::images {

struct BuildContext {
    std::string tar;          // the context directory as an uncompressed tar archive
    std::string dockerfile;   // the Dockerfile's path inside the archive, for the engine's query
    std::string ignore_file;  // the ignore file that applied ("" when none)
};

// Packs `build.context`, leaving out what the ignore file excludes (util/dockerignore.hpp). The
// ignore file is `<Dockerfile>.dockerignore` beside the Dockerfile when there is one (as BuildKit
// reads it), else `.dockerignore` at the context root. The Dockerfile and `.dockerignore` are always
// sent, even when excluded: the engine reads them, then drops them from the context itself when
// they are. A Dockerfile outside the context (`dockerfile: ../Dockerfile`, or an absolute path) is
// added as `.dockerfile.<hash of its text>` and listed in the sent `.dockerignore`, as the docker CLI
// does, so it does not end up in the image.
// Fails with Errc::not_found when the context directory or the Dockerfile does not exist,
// Errc::invalid for a malformed ignore pattern, Errc::io when something sent cannot be read; the
// message names the file.
util::Result<BuildContext> pack_build_context(const compose::Build& build);

struct NewestFile {
    std::string path;  // as found under the context (absolute when the context is)
    util::WallTime modified;
};

// How many entries of a context the freshness walk looks at, at most: a context of a huge tree
// (node_modules not ignored) must not make every run slow.
inline constexpr std::size_t k_max_context_entries = 20'000;

// The most recently modified file that pack_build_context would send (what the ignore file leaves
// in, and the Dockerfile), among the first `max_entries` entries of the walk; excluded directories
// are not entered. nullopt when the context cannot be read or holds no file.
std::optional<NewestFile> newest_context_file(const compose::Build& build,
                                              std::size_t max_entries = k_max_context_entries);

}  // namespace dtx::images
