#pragma once
// Where something was written: a file, and a place in it.

#include <string>

namespace dtx::yaml {

struct Location {
    std::string file;
    int line = 0;  // 1-based; 0 when unknown
    int column = 0;
};

}  // namespace dtx::yaml
