#include "images/tar.hpp"

#include "util/file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

namespace dtx::images {

namespace {

namespace fs = std::filesystem;

constexpr size_t k_block = 512;
constexpr size_t k_name_size = 100;
constexpr size_t k_prefix_size = 155;
constexpr std::uint64_t k_max_octal_size = 077777777777;  // 11 octal digits

struct Header {
    char bytes[k_block] = {};

    void put(size_t offset, size_t width, std::string_view text) {
        std::memcpy(bytes + offset, text.data(), std::min(width, text.size()));
    }
    // Octal, zero-padded to width-1 digits and NUL-terminated, as ustar wants.
    void put_octal(size_t offset, size_t width, std::uint64_t value) {
        put(offset, width, fmt::format("{:0{}o}", value, width - 1));
    }
    void seal() {
        std::memset(bytes + 148, ' ', 8);
        unsigned sum = 0;
        for (char c : bytes) {
            sum += static_cast<unsigned char>(c);
        }
        put(148, 8, fmt::format("{:06o}", sum));
        bytes[154] = '\0';
        bytes[155] = ' ';
    }
};

// ustar keeps a long name as prefix + '/' + name; false when no '/' gives parts that fit. The last
// usable '/' (never a directory's trailing one) gives the shortest name part, so it is the one to try.
bool split_name(const std::string& path, std::string& prefix, std::string& name) {
    prefix.clear();
    name = path;
    if (path.size() <= k_name_size) {
        return true;
    }
    size_t slash = path.rfind('/', std::min(path.size() - 2, k_prefix_size));
    if (slash == std::string::npos || slash == 0 || path.size() - slash - 1 > k_name_size) {
        return false;
    }
    prefix = path.substr(0, slash);
    name = path.substr(slash + 1);
    return true;
}

// One pax record: "<length> <key>=<value>\n", where the length counts the whole record itself.
std::string pax_record(std::string_view key, std::string_view value) {
    size_t body = key.size() + value.size() + 3;  // ' ', '=', '\n'
    size_t length = body + 1;
    while (std::to_string(length).size() + body != length) {
        ++length;
    }
    return fmt::format("{} {}={}\n", length, key, value);
}

void append_padded(std::string& out, std::string_view data) {
    out.append(data);
    out.append((k_block - data.size() % k_block) % k_block, '\0');
}

void append_header(std::string& out, const std::string& prefix, const std::string& name, char type, std::uint32_t mode,
                   std::uint64_t size, std::string_view link_target) {
    Header h;
    h.put(0, k_name_size, name);
    h.put_octal(100, 8, mode & 07777U);
    h.put_octal(108, 8, 0);
    h.put_octal(116, 8, 0);
    h.put_octal(124, 12, size);
    h.put_octal(136, 12, 0);
    h.bytes[156] = type;
    h.put(157, 100, link_target);
    h.put(257, 6, std::string_view("ustar\0", 6));
    h.put(263, 2, "00");
    h.put_octal(329, 8, 0);
    h.put_octal(337, 8, 0);
    h.put(345, k_prefix_size, prefix);
    h.seal();
    out.append(h.bytes, k_block);
}

}  // namespace

void TarWriter::add_file(std::string_view name, std::string_view content, std::uint32_t mode) {
    add_entry(std::string(name), '0', mode, content, {});
}

void TarWriter::add_directory(std::string_view name, std::uint32_t mode) {
    std::string path(name);
    if (path.empty() || path.back() != '/') {
        path.push_back('/');
    }
    add_entry(path, '5', mode, {}, {});
}

void TarWriter::add_symlink(std::string_view name, std::string_view target) {
    add_entry(std::string(name), '2', 0777, {}, target);
}

void TarWriter::add_entry(const std::string& path, char type, std::uint32_t mode, std::string_view content,
                          std::string_view link_target) {
    std::string prefix;
    std::string name;
    std::string pax;
    if (!split_name(path, prefix, name)) {
        pax += pax_record("path", path);
        prefix.clear();
        name = path.substr(0, k_name_size);
    }
    if (link_target.size() > k_name_size) {
        pax += pax_record("linkpath", link_target);
    }
    std::uint64_t size = content.size();
    if (size > k_max_octal_size) {
        pax += pax_record("size", std::to_string(size));
        size = 0;
    }
    if (!pax.empty()) {
        std::string pax_name = "PaxHeaders/" + name;
        append_header(m_out, "", pax_name.substr(0, k_name_size), 'x', 0644, pax.size(), {});
        append_padded(m_out, pax);
    }
    append_header(m_out, prefix, name, type, mode, size, link_target.substr(0, k_name_size));
    append_padded(m_out, content);
}

std::string TarWriter::finish() {
    m_out.append(2 * k_block, '\0');
    std::string out;
    out.swap(m_out);
    return out;
}

util::Status TarWriter::add_tree(const std::string& directory, const TarFilter& filter) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) {
        return util::fail(util::Errc::not_found, fmt::format("{}: not a directory", directory));
    }
    struct Entry {
        std::string name;
        fs::path path;
        fs::file_status status;
    };
    // Sorted by name afterwards, so the archive does not depend on the order the filesystem
    // lists a directory in.
    std::vector<Entry> entries;
    fs::path listing = directory;  // what the next increment may have to open, for the message
    fs::recursive_directory_iterator it(directory, fs::directory_options::none, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        auto status = it->symlink_status(ec);
        if (ec) {
            return util::fail(util::Errc::io, fmt::format("cannot read {}: {}", it->path().string(), ec.message()));
        }
        std::string name = it->path().lexically_relative(directory).generic_string();
        bool is_directory = fs::is_directory(status);
        TarChoice choice = filter ? filter(name, is_directory) : TarChoice::add;
        if (choice == TarChoice::leave_out && is_directory) {
            it.disable_recursion_pending();  // an excluded directory is not even listed
        } else if (is_directory) {
            listing = it->path();
        }
        if (choice == TarChoice::add) {
            entries.push_back({std::move(name), it->path(), status});
        }
    }
    if (ec) {
        return util::fail(util::Errc::io, fmt::format("cannot list {}: {}", listing.string(), ec.message()));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });

    for (const auto& [name, path, status] : entries) {
        auto mode = static_cast<std::uint32_t>(status.permissions()) & 07777U;
        if (fs::is_symlink(status)) {
            auto target = fs::read_symlink(path, ec);
            if (ec) {
                return util::fail(util::Errc::io,
                                  fmt::format("cannot read the link {}: {}", path.string(), ec.message()));
            }
            add_symlink(name, target.string());
        } else if (fs::is_directory(status)) {
            add_directory(name, mode);
        } else if (fs::is_regular_file(status)) {
            auto content = util::read_text_file(path.string(), std::numeric_limits<std::size_t>::max());
            if (!content) {
                return util::fail(util::Errc::io,
                                  fmt::format("cannot read {}: {}", path.string(), content.error().message));
            }
            add_file(name, *content, mode);
        }
    }
    return util::ok_status();
}

util::Result<std::string> tar_directory(const std::string& directory, const TarFilter& filter) {
    TarWriter tar;
    auto status = tar.add_tree(directory, filter);
    if (!status) {
        return status.error();
    }
    return tar.finish();
}

}  // namespace dtx::images
