#pragma once
// Reads back the entries of an uncompressed ustar archive (as util::TarWriter writes it), for
// assertions on what a build context holds. Pax headers are skipped; names are prefix + '/' + name.

#include <cstddef>
#include <map>
#include <string>

namespace dtx::fakes {

struct TarEntry {
    char type = '0';  // '0' file, '5' directory, '2' symlink
    unsigned mode = 0;
    std::string content;  // a file's bytes, a symlink's target
};

inline std::map<std::string, TarEntry> tar_entries(const std::string& tar) {
    auto field = [&](size_t header, size_t offset, size_t width) {
        std::string text = tar.substr(header + offset, width);
        return text.substr(0, text.find('\0'));
    };
    std::map<std::string, TarEntry> out;
    for (size_t pos = 0; pos + 512 <= tar.size() && tar[pos] != '\0';) {
        size_t size = std::stoul(field(pos, 124, 12), nullptr, 8);
        std::string prefix = field(pos, 345, 155);
        std::string name = (prefix.empty() ? "" : prefix + "/") + field(pos, 0, 100);
        TarEntry entry{tar[pos + 156], static_cast<unsigned>(std::stoul(field(pos, 100, 8), nullptr, 8)),
                       tar.substr(pos + 512, size)};
        if (entry.type == '2') {
            entry.content = field(pos, 157, 100);
        }
        if (entry.type != 'x') {
            out[name] = entry;
        }
        pos += 512 + (size + 511) / 512 * 512;
    }
    return out;
}

}  // namespace dtx::fakes
