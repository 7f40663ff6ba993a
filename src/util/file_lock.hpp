#pragma once
// An exclusive advisory lock (flock) on a file, held by this process until the FileLock is
// destroyed or the process ends, however it ends: the kernel releases it with the descriptor.

#include "util/result.hpp"

#include <string>

namespace dtx::util {

class FileLock {
public:
    // One try, never blocking: the lock, or Errc::conflict while another holder has it, or
    // Errc::io when `path` cannot be opened or created (mode 0666, so every user can share it).
    static Result<FileLock> try_lock(const std::string& path);

    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

}  // namespace dtx::util
