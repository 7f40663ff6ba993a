#include "process/port_listener.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace dtx::process {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_tcp_listen = "0A";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

template <class T>
bool parse_number(std::string_view text, T& out, int base) {
    auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return err == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::vector<std::uint64_t> bound_socket_inodes(std::string_view table, std::uint16_t port, bool udp) {
    std::vector<std::uint64_t> inodes;
    std::istringstream lines{std::string(table)};
    std::string line;
    std::getline(lines, line);  // the header
    while (std::getline(lines, line)) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        std::istringstream fields(line);
        std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        if (!(fields >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode)) {
            continue;
        }
        auto colon = local.rfind(':');
        std::uint16_t local_port = 0;
        std::uint64_t number = 0;
        if (colon == std::string::npos || !parse_number(std::string_view(local).substr(colon + 1), local_port, 16) ||
            !parse_number(std::string_view(inode), number, 10)) {
            continue;
        }
        if (local_port == port && (udp || state == k_tcp_listen) && number != 0) {
            inodes.push_back(number);
        }
    }
    return inodes;
}

std::optional<PortListener> find_port_listener(std::uint16_t port, const std::string& protocol) {
    bool udp = protocol == "udp";
    std::set<std::string> wanted;
    for (const char* table : udp ? std::vector<const char*>{"/proc/net/udp", "/proc/net/udp6"}
                                 : std::vector<const char*>{"/proc/net/tcp", "/proc/net/tcp6"}) {
        for (auto inode : bound_socket_inodes(read_text(table), port, udp)) {
            wanted.insert("socket:[" + std::to_string(inode) + "]");
        }
    }
    if (wanted.empty()) {
        return std::nullopt;
    }
    std::error_code ec;
    for (fs::directory_iterator proc("/proc", ec), end; !ec && proc != end; proc.increment(ec)) {
        std::string name = proc->path().filename().string();
        pid_t pid = 0;
        if (!parse_number(std::string_view(name), pid, 10)) {
            continue;
        }
        std::error_code fd_ec;
        for (fs::directory_iterator fds(proc->path() / "fd", fd_ec), fd_end; !fd_ec && fds != fd_end;
             fds.increment(fd_ec)) {
            std::error_code link_ec;
            auto target = fs::read_symlink(fds->path(), link_ec);
            if (!link_ec && wanted.count(target.string()) != 0) {
                std::string comm = read_text(proc->path() / "comm");
                if (!comm.empty() && comm.back() == '\n') {
                    comm.pop_back();
                }
                return PortListener{pid, comm};
            }
        }
    }
    return std::nullopt;
}

}  // namespace dtx::process
