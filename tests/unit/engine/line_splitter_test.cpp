#include "engine/line_splitter.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using dtx::engine::LineSplitter;

namespace {

std::vector<std::string> split_in_chunks(const std::string& text, size_t chunk) {
    std::vector<std::string> lines;
    LineSplitter splitter;
    auto collect = [&](std::string_view line) {
        lines.emplace_back(line);
        return true;
    };
    for (size_t pos = 0; pos < text.size(); pos += chunk) {
        splitter.feed(std::string_view(text).substr(pos, chunk), collect);
    }
    splitter.finish(collect);
    return lines;
}

}  // namespace

TEST_CASE("lines come out whole whatever the chunk size", "[engine]") {
    const std::string text = "{\"status\":\"a\"}\r\n{\"status\":\"b\"}\n\n{\"status\":\"c\"}";
    const std::vector<std::string> expected = {R"({"status":"a"})", R"({"status":"b"})", R"({"status":"c"})"};
    for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
        INFO("chunk size " << chunk);
        CHECK(split_in_chunks(text, chunk) == expected);
    }
}

TEST_CASE("a line splitter stops when told to", "[engine]") {
    LineSplitter splitter;
    std::vector<std::string> seen;
    bool more = splitter.feed("a\nb\nc\n", [&](std::string_view line) {
        seen.emplace_back(line);
        return line != "b";
    });
    CHECK_FALSE(more);
    CHECK(seen == std::vector<std::string>{"a", "b"});
}
