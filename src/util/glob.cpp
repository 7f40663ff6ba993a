#include "util/glob.hpp"

#include "util/file.hpp"

#include <fmt/format.h>
#include <glob.h>
#include <algorithm>
#include <cerrno>
#include <memory>

namespace dtx::util {

namespace {

struct GlobFree {
    void operator()(glob_t* g) const { globfree(g); }
};

// The spec's own directory may contain pattern characters ("/ci/build[3]/"): escaped, they
// match only themselves.
std::string escaped(const std::string& literal) {
    std::string out;
    for (char c : literal) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

// A directory that cannot be read must not silently drop its files from the list; one that does
// not exist simply matches nothing.
int on_error(const char* /*path*/, int error) {
    return error == ENOENT || error == ENOTDIR ? 0 : 1;
}

}  // namespace

bool has_glob_chars(std::string_view path) {
    return path.find_first_of("*?[") != std::string_view::npos;
}

Result<std::vector<std::string>> glob_files(const std::string& directory, const std::string& pattern) {
    std::string full = pattern.starts_with('/') ? pattern : escaped(directory) + "/" + pattern;
    glob_t g{};
    std::unique_ptr<glob_t, GlobFree> owner(&g);
    int rc = glob(full.c_str(), GLOB_NOSORT, on_error, &g);
    if (rc == GLOB_NOMATCH) {
        return std::vector<std::string>{};
    }
    if (rc != 0) {
        return fail(Errc::io, fmt::format("cannot expand {}: {}", full,
                                          rc == GLOB_ABORTED ? "a directory could not be read" : "out of memory"));
    }
    std::vector<std::string> files;
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
        if (is_regular_file(g.gl_pathv[i])) {
            files.emplace_back(g.gl_pathv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace dtx::util
