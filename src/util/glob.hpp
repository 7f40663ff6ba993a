#pragma once
// File-name patterns in a spec (x-dtx.init: migrations/*.sql), expanded the way sh does.

#include "util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dtx::util {

// Whether `path` holds a pattern character: '*', '?' or '['.
bool has_glob_chars(std::string_view path);

// The regular files that `pattern`, relative to `directory` (or absolute), matches: '*', '?' and
// […] within one path component, a leading '.' matched only explicitly, as sh does; characters of
// `directory` itself are taken literally. Sorted byte-wise (10_a.sql before 2_b.sql, whatever the
// locale), so the order is the same on every machine. No match is an empty list; fails with
// Errc::io when a directory cannot be read.
Result<std::vector<std::string>> glob_files(const std::string& directory, const std::string& pattern);

}  // namespace dtx::util
