#pragma once
// A fresh directory under the system's temp directory, removed with everything in it at scope exit.

#include "util/ids.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace dtx::fakes {

class TempDir {
public:
    // `leaf`: the name of the directory itself (inside a unique parent), when a test cares about it.
    explicit TempDir(const std::string& leaf = "project") {
        m_root = std::filesystem::temp_directory_path() / ("dtx-unit-" + dtx::util::random_hex(12));
        m_path = m_root / leaf;
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_root, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string path() const { return m_path.string(); }

    // Writes `text` to `name` inside the directory and returns the file's path.
    std::string write(const std::string& name, const std::string& text) const {
        auto file = m_path / name;
        std::ofstream(file, std::ios::binary) << text;
        return file.string();
    }

private:
    std::filesystem::path m_root;
    std::filesystem::path m_path;
};

}  // namespace dtx::fakes
