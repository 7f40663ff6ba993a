#include "util/file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace dtx::util {

Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        int err = errno;
        return fail(err == ENOENT || err == ENOTDIR ? Errc::not_found : Errc::io,
                    err == ENOENT || err == ENOTDIR ? "no such file" : std::strerror(err));
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(Errc::invalid, "not a regular file");
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        close(fd);
        return fail(Errc::invalid, fmt::format("larger than {} MiB", max_bytes / (std::size_t{1024} * 1024)));
    }
    std::string text;
    char buffer[65536];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            close(fd);
            return fail(Errc::io, std::strerror(err));
        }
        if (n == 0) {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_bytes) {
            close(fd);
            return fail(Errc::invalid, fmt::format("larger than {} MiB", max_bytes / (std::size_t{1024} * 1024)));
        }
    }
    close(fd);
    return text;
}

std::string resolve_path(const std::string& directory, const std::string& relative) {
    std::filesystem::path joined = std::filesystem::path(directory) / relative;
    std::error_code ec;
    std::filesystem::path resolved = std::filesystem::weakly_canonical(joined, ec);
    return ec ? joined.lexically_normal().string() : resolved.string();
}

bool is_regular_file(const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

}  // namespace dtx::util
