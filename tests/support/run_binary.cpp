#include "support/run_binary.hpp"

#include "engine/curl_transport.hpp"
#include "engine/docker_engine.hpp"
#include "engine/docker_host.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace dtx::test {

namespace {

std::unique_ptr<dtx::engine::DockerEngine> make_engine(std::string& why) {
    auto endpoint = dtx::engine::resolve_endpoint([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
    });
    if (!endpoint) {
        why = endpoint.error().message;
        return nullptr;
    }
    auto e =
        std::make_unique<dtx::engine::DockerEngine>(std::make_unique<dtx::engine::CurlTransport>(endpoint.value()));
    if (auto status = e->negotiate(); !status) {
        why = status.error().message;
        return nullptr;
    }
    return e;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string temp_path(const std::string& stem) {
    return (fs::temp_directory_path() /
            (stem + "-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}())))
        .string();
}

}  // namespace

Background start_dtx(const Invocation& inv) {
    Background bg{-1, temp_path("dtx-test-out"), temp_path("dtx-test-err")};
    pid_t pid = fork();
    if (pid == 0) {
        int out = open(bg.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(bg.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        if (!inv.cwd.empty() && chdir(inv.cwd.c_str()) != 0) {
            _exit(90);
        }
        for (const auto& [k, v] : inv.env) {
            setenv(k.c_str(), v.c_str(), 1);
        }
        std::vector<char*> argv;
        std::string binary = DTX_BINARY;
        argv.push_back(binary.data());
        std::vector<std::string> args = inv.args;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(91);
    }
    bg.pid = pid;
    return bg;
}

RunResult wait_dtx(const Background& bg) {
    int status = 0;
    while (waitpid(bg.pid, &status, 0) < 0 && errno == EINTR) {
    }
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_all(bg.out_path);
    r.err = read_all(bg.err_path);
    fs::remove(bg.out_path);
    fs::remove(bg.err_path);
    return r;
}

RunResult run_dtx(const Invocation& inv) {
    return wait_dtx(start_dtx(inv));
}

dtx::engine::DockerEngine& shared_engine() {
    static std::string why;
    static auto e = make_engine(why);
    if (!e) {
        throw std::runtime_error("no engine: " + why);
    }
    return *e;
}

RunResult run_shell(const std::string& command) {
    std::string out = temp_path("dtx-sh-out");
    std::string err = temp_path("dtx-sh-err");
    int status = std::system(("(" + command + ") >" + out + " 2>" + err).c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_all(out);
    r.err = read_all(err);
    fs::remove(out);
    fs::remove(err);
    return r;
}

bool engine_available(std::string& why) {
    return make_engine(why) != nullptr;
}

int count_containers(const std::string& label) {
    auto list = shared_engine().list_containers({label});
    if (!list) {
        throw std::runtime_error(list.error().message);
    }
    return static_cast<int>(list->size());
}

int count_networks(const std::string& label) {
    auto list = shared_engine().list_networks({label});
    if (!list) {
        throw std::runtime_error(list.error().message);
    }
    return static_cast<int>(list->size());
}

int count_volumes(const std::string& label) {
    auto list = shared_engine().list_volumes({label});
    if (!list) {
        throw std::runtime_error(list.error().message);
    }
    return static_cast<int>(list->size());
}

std::string fixture(const std::string& name) {
    return source_path("tests/integration/fixtures/" + name + "/compose.yaml");
}

std::string unique_project(const std::string& stem) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::random_device rd;
    std::string suffix;
    for (int i = 0; i < 6; ++i) {
        suffix.push_back(k_hex[rd() % 16]);
    }
    return stem + "-" + suffix;
}

std::string source_path(const std::string& relative) {
    return (fs::path(DTX_SOURCE_DIR) / relative).string();
}

std::uint16_t free_tcp_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    std::uint16_t port = 0;
    if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    if (fd >= 0) {
        close(fd);
    }
    return port;
}

bool wait_for_file(const std::string& path, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(path)) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

}  // namespace dtx::test
