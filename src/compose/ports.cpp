#include "compose/ports.hpp"

#include <fmt/format.h>
#include <charconv>

namespace dtx::compose {

namespace {

util::Result<std::uint16_t> parse_number(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
        return util::fail(util::Errc::invalid, fmt::format("\"{}\" is not a port number (1-65535)", text));
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

util::Result<std::vector<std::uint16_t>> parse_port_range(std::string_view text) {
    auto dash = text.find('-');
    auto first = parse_number(text.substr(0, dash));
    if (!first) {
        return first.error();
    }
    auto last = dash == std::string_view::npos ? first : parse_number(text.substr(dash + 1));
    if (!last) {
        return last.error();
    }
    if (last.value() < first.value()) {
        return util::fail(util::Errc::invalid, fmt::format("port range \"{}\" ends before it starts", text));
    }
    std::vector<std::uint16_t> ports;
    for (unsigned p = first.value(); p <= last.value(); ++p) {
        ports.push_back(static_cast<std::uint16_t>(p));
    }
    return ports;
}

namespace {

// The host ports of "HOST:CONTAINER", one for each of the `target_count` container ports; none when
// `host_part` is empty (the engine picks).
util::Result<std::vector<std::uint16_t>> host_ports(std::string_view host_part, std::string_view container_part,
                                                    size_t target_count) {
    std::vector<std::uint16_t> hosts;
    if (host_part.empty()) {
        return hosts;
    }
    auto parsed = parse_port_range(host_part);
    if (!parsed) {
        return parsed.error();
    }
    hosts = std::move(parsed.value());
    if (target_count == 1 && hosts.size() > 1) {
        hosts.resize(1);  // "9090-9091:8080": any port of the range will do; the first is taken
    }
    if (hosts.size() != target_count) {
        return util::fail(
            util::Errc::invalid,
            fmt::format("host range \"{}\" and container range \"{}\" differ in length", host_part, container_part));
    }
    return hosts;
}

}  // namespace

util::Result<std::vector<PortMapping>> parse_port(std::string_view text) {
    std::string protocol = "tcp";
    if (auto slash = text.rfind('/'); slash != std::string_view::npos) {
        protocol = std::string(text.substr(slash + 1));
        text = text.substr(0, slash);
        if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
            return util::fail(util::Errc::invalid,
                              fmt::format("unknown protocol \"{}\" (use tcp, udp or sctp)", protocol));
        }
    }
    std::string host_ip;
    std::string_view host_part;
    std::string_view container_part = text;
    if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
        container_part = text.substr(colon + 1);
        std::string_view rest = text.substr(0, colon);
        if (auto ip_colon = rest.rfind(':'); ip_colon != std::string_view::npos) {
            host_part = rest.substr(ip_colon + 1);
            std::string_view ip = rest.substr(0, ip_colon);
            if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') {
                ip = ip.substr(1, ip.size() - 2);
            }
            if (ip.empty()) {
                return util::fail(util::Errc::invalid, "empty host IP before the host port");
            }
            host_ip = std::string(ip);
        } else {
            host_part = rest;
        }
    }
    auto targets = parse_port_range(container_part);
    if (!targets) {
        return targets.error();
    }
    auto host_result = host_ports(host_part, container_part, targets->size());
    if (!host_result) {
        return host_result.error();
    }
    std::vector<std::uint16_t> hosts = std::move(host_result.value());
    std::vector<PortMapping> out;
    for (size_t i = 0; i < targets->size(); ++i) {
        PortMapping m;
        m.host_ip = host_ip;
        m.host_port = hosts.empty() ? 0 : hosts[i];
        m.target = targets.value()[i];
        m.protocol = protocol;
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace dtx::compose
