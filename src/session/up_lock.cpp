#include "session/up_lock.hpp"

#include "util/error.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <filesystem>

namespace dtx::session {

namespace {

constexpr auto k_lock_poll = std::chrono::milliseconds(100);
constexpr std::size_t k_hash_chars = 12;

}  // namespace

std::string up_lock_path(const std::string& run_id, const std::string& endpoint) {
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec) / "dtx-locks";
    if (ec) {
        dir = "/tmp/dtx-locks";
    }
    std::string hash = util::sha256_hex(endpoint + "\n" + run_id).substr(0, k_hash_chars);
    return (dir / fmt::format("up-{}-{}.lock", run_id, hash)).string();
}

util::FileLock lock_environment(const std::string& path, const std::string& run_id, report::Reporter& reporter,
                                util::Clock& clock, const util::StopToken& stop) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (::mkdir(dir.c_str(), 01777) == 0) {
        ::chmod(dir.c_str(), 01777);  // shared by every user, like /tmp itself; the umask narrowed it
    }
    bool said = false;
    for (;;) {
        auto lock = util::FileLock::try_lock(path);
        if (lock) {
            return std::move(lock.value());
        }
        if (lock.error().code != util::Errc::conflict) {
            throw EngineError(
                fmt::format("cannot make sure only one dtx up of {} runs at a time: {}", run_id, lock.error().message));
        }
        if (!said) {
            reporter.note(fmt::format("another dtx up of {} is under way on this machine; waiting for it", run_id));
            said = true;
        }
        stop.throw_if_stopped();
        clock.sleep_for(k_lock_poll);
    }
}

}  // namespace dtx::session
