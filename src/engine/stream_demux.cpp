#include "engine/stream_demux.hpp"

namespace dtx::engine {

namespace {
constexpr size_t k_header = 8;
}

void StreamDemux::feed(std::string_view chunk) {
    m_buffer.append(chunk);
    size_t pos = 0;
    while (m_buffer.size() - pos >= k_header) {
        const auto* h = reinterpret_cast<const unsigned char*>(m_buffer.data() + pos);
        size_t length = (size_t{h[4]} << 24) | (size_t{h[5]} << 16) | (size_t{h[6]} << 8) | size_t{h[7]};
        if (m_buffer.size() - pos - k_header < length) {
            break;
        }
        m_sink(static_cast<StreamKind>(h[0]), std::string_view(m_buffer).substr(pos + k_header, length));
        pos += k_header + length;
    }
    m_buffer.erase(0, pos);
}

std::string demux_all(std::string_view body) {
    std::string out;
    StreamDemux demux([&](StreamKind, std::string_view payload) { out.append(payload); });
    demux.feed(body);
    return out;
}

}  // namespace dtx::engine
