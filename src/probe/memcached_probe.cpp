#include "probe/address_probes.hpp"
#include "probe/socket.hpp"

namespace dtx::probe {

namespace {

class MemcachedProbe final : public Probe {
public:
    explicit MemcachedProbe(Address address) : m_address(std::move(address)) {}
    std::string name() const override { return "memcached"; }

    ProbeResult check() override {
        auto socket = connect_tcp(m_address.host, m_address.port, k_attempt_timeout);
        if (!socket) {
            return ProbeResult::not_yet(socket.error().message);
        }
        auto reply = exchange(socket.value(), "version\r\n", "\r\n", k_attempt_timeout);
        if (!reply) {
            return ProbeResult::not_yet("version: " + reply.error().message);
        }
        if (!reply->starts_with("VERSION ")) {
            return ProbeResult::not_yet("version: unexpected answer " + reply->substr(0, reply->find('\r')));
        }
        return ProbeResult::ready();
    }

private:
    Address m_address;
};

}  // namespace

std::unique_ptr<Probe> memcached_probe(Address address) {
    return std::make_unique<MemcachedProbe>(std::move(address));
}

}  // namespace dtx::probe
