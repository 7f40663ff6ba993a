#pragma once
// Uncompressed POSIX ustar archives built in memory: the build context the engine's /build takes.
// Entries carry no owner and mtime 0, so the same tree always gives the same bytes (and the
// engine's build cache sees the same context). Names longer than ustar's 100 bytes use its
// prefix field when they can be split at a '/', else a pax extended header.

#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace dtx::util {

class TarWriter {
public:
    // `name` is relative, '/'-separated ("src/main.cpp"); entries are written in the order added.
    void add_file(std::string_view name, std::string_view content, std::uint32_t mode = 0644);
    void add_directory(std::string_view name, std::uint32_t mode = 0755);
    void add_symlink(std::string_view name, std::string_view target);

    // The archive so far with its end-of-archive marker; the writer starts over empty.
    std::string finish();

private:
    void add_entry(const std::string& path, char type, std::uint32_t mode, std::string_view content,
                   std::string_view link_target);

    std::string m_out;
};

// An archive of everything under `directory` (not the directory itself), in name order: regular
// files with their permission bits, directories, and symlinks as links (never followed). Sockets,
// FIFOs and devices are skipped. Fails with Errc::not_found when `directory` is not a directory,
// Errc::io when something in it cannot be read.
Result<std::string> tar_directory(const std::string& directory);

}  // namespace dtx::util
