#include "engine/stream_demux.hpp"

namespace dtx::engine {

namespace {

constexpr size_t k_header = 8;

// The payload length of the frame whose header starts at `h`.
size_t frame_length(const unsigned char* h) {
    return (size_t{h[4]} << 24) | (size_t{h[5]} << 16) | (size_t{h[6]} << 8) | size_t{h[7]};
}

}  // namespace

void StreamDemux::feed(std::string_view chunk) {
    m_buffer.append(chunk);
    size_t pos = 0;
    while (m_buffer.size() - pos >= k_header) {
        const auto* h = reinterpret_cast<const unsigned char*>(m_buffer.data() + pos);
        size_t length = frame_length(h);
        if (m_buffer.size() - pos - k_header < length) {
            break;
        }
        m_sink(static_cast<StreamKind>(h[0]), std::string_view(m_buffer).substr(pos + k_header, length));
        pos += k_header + length;
    }
    m_buffer.erase(0, pos);
}

bool is_multiplexed(std::string_view body) {
    size_t pos = 0;
    while (pos < body.size()) {
        if (body.size() - pos < k_header) {
            return false;
        }
        const auto* h = reinterpret_cast<const unsigned char*>(body.data() + pos);
        if (h[0] > 2 || h[1] != 0 || h[2] != 0 || h[3] != 0) {
            return false;
        }
        pos += k_header + frame_length(h);
    }
    return pos == body.size();
}

std::string demux_all(std::string_view body) {
    std::string out;
    StreamDemux demux([&](StreamKind, std::string_view payload) { out.append(payload); });
    demux.feed(body);
    return out;
}

}  // namespace dtx::engine
