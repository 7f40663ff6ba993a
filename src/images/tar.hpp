#pragma once
// Uncompressed POSIX ustar archives built in memory: the build context the engine's /build takes.
// Entries carry no owner and mtime 0, so the same tree always gives the same bytes (and the
// engine's build cache sees the same context). Names longer than ustar's 100 bytes use its
// prefix field when they can be split at a '/', else a pax extended header.

#include "util/result.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dtx::images {

// What a tree walk does with one entry.
enum class TarChoice {
    add,          // into the archive (a directory: and what is inside is offered too)
    leave_out,    // not in the archive (a directory: nor anything inside, which is not even listed)
    look_inside,  // a directory: its own entry left out, what is inside still offered
};

// Decides for `name` (relative to the walked root, '/'-separated, no trailing '/') whether it goes
// into the archive; `is_directory` is false for a symlink, even to a directory.
using TarFilter = std::function<TarChoice(const std::string& name, bool is_directory)>;

class TarWriter {
public:
    // `name` is relative, '/'-separated ("src/main.cpp"); entries are written in the order added.
    void add_file(std::string_view name, std::string_view content, std::uint32_t mode = 0644);
    void add_directory(std::string_view name, std::uint32_t mode = 0755);
    void add_symlink(std::string_view name, std::string_view target);

    // Everything under `directory` (not the directory itself) that `filter` lets in (all without
    // one), named relative to it, in name order: regular files with their permission bits (setuid,
    // setgid and sticky included), directories, and symlinks as links with their target as written
    // (never followed, so a link may point outside the tree, as docker sends it). Sockets, FIFOs
    // and devices are skipped. Fails with Errc::not_found when `directory` is not a directory,
    // Errc::io when something that is not left out cannot be read (the writer then holds part of
    // the tree: start over with finish()).
    util::Status add_tree(const std::string& directory, const TarFilter& filter = {});

    // The archive so far with its end-of-archive marker; the writer starts over empty.
    std::string finish();

private:
    void add_entry(const std::string& path, char type, std::uint32_t mode, std::string_view content,
                   std::string_view link_target);

    std::string m_out;
};

// An archive of the tree under `directory`, as TarWriter::add_tree makes it.
util::Result<std::string> tar_directory(const std::string& directory, const TarFilter& filter = {});

}  // namespace dtx::images
