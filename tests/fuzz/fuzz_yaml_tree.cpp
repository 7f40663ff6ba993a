// libFuzzer target: YAML text to the located tree (yaml-cpp, anchors, aliases, `<<` merge keys,
// duplicate keys), then every diagnostic rendered. Syntax errors are values; any exception or
// sanitizer report is a bug (yaml-cpp's own exceptions must end inside tree.cpp).
#include "yaml/tree.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

// Iterative, so that the harness itself adds no recursion depth to what the tree already has.
size_t walk(const dtx::yaml::Node& root) {
    size_t count = 0;
    std::vector<const dtx::yaml::Node*> pending = {&root};
    while (!pending.empty()) {
        const dtx::yaml::Node* node = pending.back();
        pending.pop_back();
        ++count;
        (void)dtx::yaml::describe_kind(*node);
        for (const auto& item : node->items) {
            pending.push_back(&item);
        }
        for (const auto& [key, value] : node->entries) {
            pending.push_back(&key);
            pending.push_back(&value);
        }
    }
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    dtx::yaml::ParsedFile parsed = dtx::yaml::parse_yaml("fuzz.yaml", text);
    (void)walk(parsed.root);
    for (const auto& error : parsed.errors) {
        (void)error.to_string();
    }
    return 0;
}
