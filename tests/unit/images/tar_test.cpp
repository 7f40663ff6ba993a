// The in-memory ustar writer: header fields and checksums read back directly, and whole trees
// round-tripped through GNU tar (a few milliseconds); tree walks with a filter, links and modes.
#include "images/tar.hpp"

#include "fakes/temp_dir.hpp"

#include <sys/stat.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace dtx::images;
using namespace dtx::util;
using dtx::fakes::TempDir;
namespace fs = std::filesystem;

namespace {

// The NUL-terminated text of a header field.
std::string field(const std::string& tar, size_t header, size_t offset, size_t width) {
    std::string text = tar.substr(header + offset, width);
    return text.substr(0, text.find('\0'));
}

unsigned checksum_of(const std::string& tar, size_t header) {
    unsigned sum = 0;
    for (size_t i = 0; i < 512; ++i) {
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[header + i]);
    }
    return sum;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

int run(const std::string& command) {
    return std::system(command.c_str());
}

}  // namespace

TEST_CASE("a file entry has ustar magic, octal fields, a valid checksum and padded content", "[util]") {
    TarWriter tar;
    tar.add_file("Dockerfile", "FROM scratch\n", 0755);
    std::string out = tar.finish();
    REQUIRE(out.size() == 512 + 512 + 1024);
    CHECK(field(out, 0, 0, 100) == "Dockerfile");
    CHECK(field(out, 0, 100, 8) == "0000755");
    CHECK(field(out, 0, 108, 8) == "0000000");
    CHECK(field(out, 0, 124, 12) == "00000000015");
    CHECK(field(out, 0, 136, 12) == "00000000000");
    CHECK(out[156] == '0');
    CHECK(out.substr(257, 8) == std::string("ustar\0"
                                            "00",
                                            8));
    CHECK(std::stoul(field(out, 0, 148, 7), nullptr, 8) == checksum_of(out, 0));
    CHECK(out.substr(148 + 6, 2) == std::string("\0 ", 2));
    CHECK(out.substr(512, 13) == "FROM scratch\n");
    CHECK(out.substr(512 + 13) == std::string(512 - 13 + 1024, '\0'));
}

TEST_CASE("an empty archive is just the two zero blocks, and finish starts the writer over", "[util]") {
    TarWriter tar;
    tar.add_file("a", "x");
    CHECK(tar.finish().size() == 2048);
    CHECK(tar.finish() == std::string(1024, '\0'));
}

TEST_CASE("directories end in a slash and symlinks carry their target", "[util]") {
    TarWriter tar;
    tar.add_directory("conf", 0700);
    tar.add_symlink("current", "conf/app.yml");
    std::string out = tar.finish();
    CHECK(field(out, 0, 0, 100) == "conf/");
    CHECK(out[156] == '5');
    CHECK(field(out, 0, 100, 8) == "0000700");
    CHECK(field(out, 0, 124, 12) == "00000000000");
    CHECK(field(out, 512, 0, 100) == "current");
    CHECK(out[512 + 156] == '2');
    CHECK(field(out, 512, 157, 100) == "conf/app.yml");
    CHECK(std::stoul(field(out, 512, 148, 7), nullptr, 8) == checksum_of(out, 512));
}

TEST_CASE("a long name that can be split at a slash uses the ustar prefix field", "[util]") {
    std::string dir(90, 'd');
    std::string base(80, 'f');
    TarWriter tar;
    tar.add_file(dir + "/" + base, "x");
    std::string out = tar.finish();
    CHECK(field(out, 0, 345, 155) == dir);
    CHECK(field(out, 0, 0, 100) == base);
    CHECK(out[156] == '0');
    CHECK(out.size() == 512 * 2 + 1024);
}

TEST_CASE("a long name without a usable slash gets a pax path record first", "[util]") {
    std::string name(120, 'n');
    TarWriter tar;
    tar.add_file(name, "x");
    std::string out = tar.finish();
    CHECK(out[156] == 'x');
    std::string record = "130 path=" + name + "\n";  // the length counts the whole record
    REQUIRE(record.size() == 130);
    CHECK(field(out, 0, 124, 12) == "00000000202");
    CHECK(out.substr(512, record.size()) == record);
    CHECK(out[1024 + 156] == '0');
    CHECK(field(out, 1024, 0, 100) == name.substr(0, 100));
}

TEST_CASE("a directory tree round-trips through GNU tar with modes, links and long names", "[util]") {
    TempDir src("context");
    fs::path root = src.path();
    std::string deep = std::string(60, 'a') + "/" + std::string(60, 'b');
    std::string longest(130, 'c');
    fs::create_directories(root / deep);
    fs::create_directories(root / "empty");
    src.write("Dockerfile", "FROM dtx-test/base:bookworm\n");
    src.write(deep + "/file.txt", "deep\n");
    src.write(longest, "long\n");
    src.write("run.sh", "#!/bin/sh\n");
    fs::permissions(root / "run.sh", fs::perms(0750));
    fs::create_symlink("Dockerfile", root / "link");

    auto archive = tar_directory(src.path());
    REQUIRE(archive.ok());
    TempDir dst("out");
    std::ofstream(dst.path() + "/../ctx.tar", std::ios::binary) << *archive;
    REQUIRE(run("tar -xf " + dst.path() + "/../ctx.tar -C " + dst.path()) == 0);

    fs::path out = dst.path();
    CHECK(slurp(out / "Dockerfile") == "FROM dtx-test/base:bookworm\n");
    CHECK(slurp(out / deep / "file.txt") == "deep\n");
    CHECK(slurp(out / longest) == "long\n");
    CHECK(fs::is_directory(out / "empty"));
    CHECK((fs::status(out / "run.sh").permissions() & fs::perms::all) == fs::perms(0750));
    REQUIRE(fs::is_symlink(out / "link"));
    CHECK(fs::read_symlink(out / "link") == "Dockerfile");
}

TEST_CASE("the same tree always gives the same bytes, entries in name order", "[util]") {
    TempDir src("context");
    src.write("b", "2");
    src.write("a", "1");
    fs::create_directories(fs::path(src.path()) / "c");
    src.write("c/d", "3");
    auto first = tar_directory(src.path());
    auto second = tar_directory(src.path());
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first == *second);
    CHECK(field(*first, 0, 0, 100) == "a");
    CHECK(field(*first, 1024, 0, 100) == "b");
    CHECK(field(*first, 2048, 0, 100) == "c/");
    CHECK(field(*first, 2560, 0, 100) == "c/d");
}

TEST_CASE("archiving a missing directory is not_found", "[util]") {
    auto archive = tar_directory("/nonexistent/dtx-context");
    REQUIRE_FALSE(archive.ok());
    CHECK(archive.error().code == Errc::not_found);
}

TEST_CASE("a filter leaves out files and whole directories, and look_inside drops only the directory entry",
          "[util][images]") {
    TempDir src("context");
    fs::path root = src.path();
    fs::create_directories(root / "skip/deep");
    fs::create_directories(root / "open/inner");
    src.write("keep.txt", "k");
    src.write("drop.txt", "d");
    src.write("skip/deep/file", "s");
    src.write("open/file", "o");
    src.write("open/inner/file", "i");
    std::vector<std::string> offered;
    auto archive = tar_directory(src.path(), [&](const std::string& name, bool is_directory) {
        offered.push_back(name + (is_directory ? "/" : ""));
        if (name == "drop.txt" || name == "skip") {
            return TarChoice::leave_out;
        }
        return name == "open" ? TarChoice::look_inside : TarChoice::add;
    });
    REQUIRE(archive.ok());
    std::sort(offered.begin(), offered.end());
    // Nothing under a directory left out is even listed.
    CHECK(offered == std::vector<std::string>{"drop.txt", "keep.txt", "open/", "open/file", "open/inner/",
                                              "open/inner/file", "skip/"});
    std::vector<std::string> names;
    for (size_t pos = 0; pos < archive->size() && (*archive)[pos] != '\0';) {
        names.push_back(field(*archive, pos, 0, 100));
        pos += 512 + (std::stoul(field(*archive, pos, 124, 12), nullptr, 8) + 511) / 512 * 512;
    }
    CHECK(names == std::vector<std::string>{"keep.txt", "open/file", "open/inner/", "open/inner/file"});
}

TEST_CASE("a symlink to a directory is archived as a link, never followed, and offered as a non-directory",
          "[util][images]") {
    TempDir src("context");
    TempDir outside("outside");
    outside.write("secret", "s");
    fs::create_symlink(outside.path(), fs::path(src.path()) / "out");
    fs::create_symlink("/etc/hostname", fs::path(src.path()) / "abs");
    std::vector<std::string> offered;
    auto archive = tar_directory(src.path(), [&](const std::string& name, bool is_directory) {
        offered.push_back(name + (is_directory ? "/" : ""));
        return TarChoice::add;
    });
    REQUIRE(archive.ok());
    CHECK(offered == std::vector<std::string>{"abs", "out"});
    CHECK(archive->size() == 2 * 512 + 1024);  // two headers, no content
    CHECK(field(*archive, 0, 0, 100) == "abs");
    CHECK((*archive)[156] == '2');
    CHECK(field(*archive, 0, 157, 100) == "/etc/hostname");  // as written, even pointing outside
    CHECK(field(*archive, 512, 157, 100) == outside.path());
}

TEST_CASE("setuid, setgid and sticky bits are kept with the permission bits", "[util][images]") {
    TempDir src("context");
    src.write("tool", "#!/bin/sh\n");
    fs::create_directories(fs::path(src.path()) / "shared");
    fs::permissions(fs::path(src.path()) / "tool", fs::perms(04755));
    fs::permissions(fs::path(src.path()) / "shared", fs::perms(01777));
    auto archive = tar_directory(src.path());
    REQUIRE(archive.ok());
    CHECK(field(*archive, 0, 0, 100) == "shared/");
    CHECK(field(*archive, 0, 100, 8) == "0001777");
    CHECK(field(*archive, 512, 0, 100) == "tool");
    CHECK(field(*archive, 512, 100, 8) == "0004755");
}
