#pragma once
// Reading back what code under test wrote to a temporary FILE* (std::tmpfile()).

#include <cstdio>
#include <string>

namespace dtx::fakes {

// Everything written to `f` so far, from its start.
inline std::string read_all(std::FILE* f) {
    std::rewind(f);
    std::string out;
    char buf[256];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) {
        out.append(buf, n);
    }
    return out;
}

}  // namespace dtx::fakes
