#include "engine/docker_host.hpp"

#include <fmt/format.h>

namespace dtx::engine {

std::string Endpoint::to_string() const {
    return kind == Kind::unix_socket ? "unix://" + address : "tcp://" + address;
}

util::Result<Endpoint> parse_docker_host(const std::optional<std::string>& docker_host, bool tls_verify) {
    if (!docker_host || docker_host->empty()) {
        return Endpoint{Endpoint::Kind::unix_socket, k_default_socket};
    }
    const std::string& value = *docker_host;
    auto bad = [&](const std::string& why) {
        return util::fail(util::Errc::invalid, fmt::format("DOCKER_HOST=\"{}\": {}", value, why));
    };
    if (value.starts_with("unix://")) {
        std::string path = value.substr(7);
        if (path.empty()) {
            return bad("no socket path after unix://");
        }
        return Endpoint{Endpoint::Kind::unix_socket, path};
    }
    if (value.starts_with("tcp://")) {
        std::string address = value.substr(6);
        while (!address.empty() && address.back() == '/') {
            address.pop_back();
        }
        if (address.empty()) {
            return bad("no host after tcp://");
        }
        if (tls_verify) {
            return bad(
                "DOCKER_TLS_VERIFY is set, and dtx cannot speak TLS to an engine yet; "
                "unset it or use a unix socket");
        }
        auto bracket = address.rfind(']');
        if (address.find(':', bracket == std::string::npos ? 0 : bracket) == std::string::npos) {
            address += ":2375";
        }
        return Endpoint{Endpoint::Kind::tcp, address};
    }
    return bad("unsupported scheme; use unix:///path/to/docker.sock or tcp://HOST:PORT");
}

}  // namespace dtx::engine
