#pragma once
// Reading the small text files a spec names (specs, .env, env_file), safely: a device or a huge
// file named by mistake (or by a hostile spec) must not hang dtx or eat its memory.

#include "util/result.hpp"

#include <cstddef>
#include <string>

namespace dtx::util {

inline constexpr std::size_t k_max_text_file = std::size_t{16} * 1024 * 1024;

// The whole content of `path`. Fails with Errc::not_found when it does not exist, Errc::io when it
// cannot be read, Errc::invalid when it is not a regular file or is larger than `max_bytes`.
Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes = k_max_text_file);

// `relative` resolved against `directory`, with symlinks of the existing part followed; never
// throws: a path the OS refuses (too long, a loop) comes back lexically normalised instead.
std::string resolve_path(const std::string& directory, const std::string& relative);

// Whether `path` is an existing regular file; false for anything the OS refuses.
bool is_regular_file(const std::string& path);

}  // namespace dtx::util
