#include "engine/stream_demux.hpp"

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

using dtx::engine::demux_all;
using dtx::engine::StreamDemux;
using dtx::engine::StreamKind;

namespace {

std::string frame(StreamKind kind, const std::string& payload) {
    std::string header(8, '\0');
    header[0] = static_cast<char>(kind);
    auto n = static_cast<std::uint32_t>(payload.size());
    header[4] = static_cast<char>((n >> 24) & 0xff);
    header[5] = static_cast<char>((n >> 16) & 0xff);
    header[6] = static_cast<char>((n >> 8) & 0xff);
    header[7] = static_cast<char>(n & 0xff);
    return header + payload;
}

using Frames = std::vector<std::pair<StreamKind, std::string>>;

struct Collector {
    Frames frames;
    StreamDemux demux{
        [this](StreamKind kind, std::string_view payload) { frames.emplace_back(kind, std::string(payload)); }};
};

}  // namespace

TEST_CASE("two frames split at every byte offset reassemble exactly", "[engine]") {
    const std::string out = "hello from stdout\n";
    const std::string err = "oops on stderr\n";
    const std::string buffer = frame(StreamKind::stdout_, out) + frame(StreamKind::stderr_, err);
    const Frames expected = {{StreamKind::stdout_, out}, {StreamKind::stderr_, err}};
    for (size_t cut = 0; cut <= buffer.size(); ++cut) {
        INFO("split at " << cut);
        Collector c;
        c.demux.feed(std::string_view(buffer).substr(0, cut));
        c.demux.feed(std::string_view(buffer).substr(cut));
        CHECK(c.frames == expected);
        CHECK(c.demux.pending() == 0);
    }
}

TEST_CASE("a buffer fed one byte at a time gives the same frames", "[engine]") {
    const std::string buffer =
        frame(StreamKind::stderr_, "e1") + frame(StreamKind::stdout_, "o1") + frame(StreamKind::stderr_, "e2");
    Collector c;
    for (char byte : buffer) {
        c.demux.feed(std::string_view(&byte, 1));
    }
    CHECK(c.frames == Frames{{StreamKind::stderr_, "e1"}, {StreamKind::stdout_, "o1"}, {StreamKind::stderr_, "e2"}});
}

TEST_CASE("an incomplete frame is held back until the rest arrives", "[engine]") {
    const std::string buffer = frame(StreamKind::stdout_, "abcdef");
    Collector c;
    c.demux.feed(std::string_view(buffer).substr(0, 5));
    CHECK(c.frames.empty());
    CHECK(c.demux.pending() == 5);
    c.demux.feed(std::string_view(buffer).substr(5, 5));
    CHECK(c.frames.empty());
    CHECK(c.demux.pending() == 10);
    c.demux.feed(std::string_view(buffer).substr(10));
    CHECK(c.frames == Frames{{StreamKind::stdout_, "abcdef"}});
    CHECK(c.demux.pending() == 0);
}

TEST_CASE("an empty frame is delivered as an empty payload", "[engine]") {
    Collector c;
    c.demux.feed(frame(StreamKind::stdout_, "") + frame(StreamKind::stdout_, "x"));
    CHECK(c.frames == Frames{{StreamKind::stdout_, ""}, {StreamKind::stdout_, "x"}});
}

TEST_CASE("a payload longer than 255 bytes uses every length byte", "[engine]") {
    std::string big(70'000, 'z');
    Collector c;
    c.demux.feed(frame(StreamKind::stdout_, big));
    REQUIRE(c.frames.size() == 1);
    CHECK(c.frames[0].second.size() == 70'000);
}

TEST_CASE("demux_all interleaves stdout and stderr as written", "[engine]") {
    std::string body = frame(StreamKind::stdout_, "line 1\n") + frame(StreamKind::stderr_, "warn\n") +
                       frame(StreamKind::stdout_, "line 2\n");
    CHECK(demux_all(body) == "line 1\nwarn\nline 2\n");
}

TEST_CASE("demux_all drops a truncated last frame", "[engine]") {
    std::string body = frame(StreamKind::stdout_, "whole\n") + frame(StreamKind::stdout_, "cut off").substr(0, 10);
    CHECK(demux_all(body) == "whole\n");
    CHECK(demux_all("").empty());
}
