#include "probe/address_probes.hpp"
#include "probe/socket.hpp"

#include <fmt/format.h>

namespace dtx::probe {

namespace {

// How long to watch a fresh connection for docker-proxy's hang-up. It usually comes within a few
// ms, but on a loaded 2-core CI machine it once took longer than 30 ms, and the service was taken
// for ready; only generic (tcp-probed) services pay this wait, native probes do not.
constexpr std::chrono::milliseconds k_close_watch{100};

class TcpProbe final : public Probe {
public:
    explicit TcpProbe(Address address) : m_address(std::move(address)) {}
    std::string name() const override { return "tcp"; }

    ProbeResult check() override {
        auto socket = connect_tcp(m_address.host, m_address.port, k_attempt_timeout);
        if (!socket) {
            return ProbeResult::not_yet(socket.error().message);
        }
        if (peer_state(socket.value(), k_close_watch) == PeerState::closed) {
            return ProbeResult::not_yet(fmt::format("{}:{} closed the connection at once (nothing listens yet)",
                                                    m_address.host, m_address.port));
        }
        return ProbeResult::ready();
    }

private:
    Address m_address;
};

}  // namespace

std::unique_ptr<Probe> tcp_probe(Address address) {
    return std::make_unique<TcpProbe>(std::move(address));
}

}  // namespace dtx::probe
