#include "process/find_executable.hpp"

#include "util/error.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdlib>

namespace dtx::process {

namespace {

constexpr const char* k_default_path = "/bin:/usr/bin";  // glibc's execvp without PATH

enum class Found { none, not_executable, executable };

Found look_at(const std::string& file) {
    struct stat st {};
    if (stat(file.c_str(), &st) != 0) {
        return Found::none;
    }
    return S_ISREG(st.st_mode) && access(file.c_str(), X_OK) == 0 ? Found::executable : Found::not_executable;
}

std::string why_not_executable(const std::string& file) {
    struct stat st {};
    if (stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        return "it is a directory";
    }
    return "no execute permission: chmod +x it, or run it through its interpreter";
}

}  // namespace

util::Result<std::string> find_executable(const std::string& name, const std::string& path) {
    if (name.find('/') != std::string::npos) {
        switch (look_at(name)) {
        case Found::executable:
            return name;
        case Found::not_executable:
            return util::fail(util::Errc::invalid,
                              fmt::format("command not executable: {} ({})", name, why_not_executable(name)));
        case Found::none:
            break;
        }
        return util::fail(util::Errc::not_found, fmt::format("command not found: {} (no such file)", name));
    }
    std::string refused;
    for (std::size_t begin = 0;;) {
        std::size_t end = path.find(':', begin);
        std::string dir = path.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        std::string file = (dir.empty() ? std::string(".") : dir) + "/" + name;
        Found found = look_at(file);
        if (found == Found::executable) {
            return file;
        }
        if (found == Found::not_executable && refused.empty()) {
            refused = file;  // execvp goes on looking, and reports this one if nothing else is found
        }
        if (end == std::string::npos) {
            break;
        }
        begin = end + 1;
    }
    if (!refused.empty()) {
        return util::fail(util::Errc::invalid, fmt::format("command not executable: {} is {} ({})", name, refused,
                                                           why_not_executable(refused)));
    }
    return util::fail(util::Errc::not_found, fmt::format("command not found: {} (in no directory of PATH)", name));
}

void require_command(const std::vector<std::string>& command) {
    if (command.empty() || command.front().empty()) {
        return;
    }
    const char* path = std::getenv("PATH");
    auto found = find_executable(command.front(), path != nullptr ? path : k_default_path);
    if (!found) {
        int code = found.error().code == util::Errc::not_found ? exit_code::k_not_found : exit_code::k_not_executable;
        throw CommandError(found.error().message + "; no service was started", code);
    }
}

}  // namespace dtx::process
