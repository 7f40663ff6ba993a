#include "load/include_key.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>

namespace dtx::load {

namespace {

// `path:` is one file or a list of them; short-syntax items are the path itself.
void add_paths(std::string& command, const yaml::Node& path) {
    if (path.is_scalar()) {
        command += " -f " + path.text;
    }
    for (const auto& item : path.items) {
        if (item.is_scalar()) {
            command += " -f " + item.text;
        }
    }
}

}  // namespace

void refuse_include(compose::DecodeContext& ctx, yaml::Node& root, const std::string& file) {
    auto entry =
        std::find_if(root.entries.begin(), root.entries.end(), [](const auto& e) { return e.first.text == "include"; });
    if (entry == root.entries.end()) {
        return;
    }
    std::string command = "dtx -f " + std::filesystem::path(file).filename().string();
    const yaml::Node& value = entry->second;
    for (const auto& item : value.is_sequence() ? value.items : std::vector<yaml::Node>{value}) {
        if (const yaml::Node* path = item.is_mapping() ? item.find("path") : &item) {
            add_paths(command, *path);
        }
    }
    ctx.error(entry->first, "include",
              fmt::format("not supported yet; list the files with repeated -f instead: {} (relative "
                          "paths in every file then resolve against the first file's directory)",
                          command));
    root.entries.erase(entry);
}

}  // namespace dtx::load
