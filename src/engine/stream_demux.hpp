#pragma once
// The engine's multiplexed stdout/stderr stream: frames of an 8-byte header (stream type, 3 zero
// bytes, big-endian payload length) and the payload. Frames may split anywhere across chunks.

#include "engine/types.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dtx::engine {

class StreamDemux {
public:
    using Sink = std::function<void(StreamKind, std::string_view)>;
    explicit StreamDemux(Sink sink) : m_sink(std::move(sink)) {}

    // Feeds the next chunk; complete frames go to the sink, a partial one waits for more.
    void feed(std::string_view chunk);
    // Bytes of an incomplete frame still held back.
    size_t pending() const { return m_buffer.size(); }

private:
    Sink m_sink;
    std::string m_buffer;
};

// Whether a whole body is multiplexed: exactly a sequence of complete frames. The raw text of a
// TTY container never is (a frame header starts with a 0-2 byte and three NULs).
bool is_multiplexed(std::string_view body);

// The whole payload of a complete multiplexed body, stdout and stderr interleaved as written.
std::string demux_all(std::string_view body);

}  // namespace dtx::engine
