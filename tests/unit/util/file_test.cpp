#include "util/file.hpp"

#include <unistd.h>
#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using dtx::fakes::TempDir;
using dtx::util::Errc;

TEST_CASE("read_text_file reads a regular file whole", "[util]") {
    TempDir dir;
    dir.write("a.txt", "line 1\nline 2\n");
    auto text = dtx::util::read_text_file((fs::path(dir.path()) / "a.txt").string());
    REQUIRE(text);
    CHECK(text.value() == "line 1\nline 2\n");
}

TEST_CASE("read_text_file refuses what is not a small regular file", "[util]") {
    TempDir dir;
    CHECK(dtx::util::read_text_file((fs::path(dir.path()) / "missing").string()).error().code == Errc::not_found);
    CHECK(dtx::util::read_text_file(dir.path()).error().code == Errc::invalid);
    CHECK(dtx::util::read_text_file("/dev/zero").error().code == Errc::invalid);
    dir.write("big.txt", std::string(100, 'x'));
    auto big = dtx::util::read_text_file((fs::path(dir.path()) / "big.txt").string(), 99);
    REQUIRE_FALSE(big);
    CHECK(big.error().code == Errc::invalid);
}

TEST_CASE("resolve_path joins, normalises and follows symlinks", "[util]") {
    TempDir dir;
    fs::create_directory(fs::path(dir.path()) / "real");
    fs::create_directory_symlink(fs::path(dir.path()) / "real", fs::path(dir.path()) / "link");
    std::string base = fs::canonical(dir.path()).string();
    CHECK(dtx::util::resolve_path(base, "./data/../x") == base + "/x");
    CHECK(dtx::util::resolve_path(base, "link/file") == base + "/real/file");
    CHECK(dtx::util::resolve_path(base, "/abs/path") == "/abs/path");
}

TEST_CASE("resolve_path and is_regular_file never throw on names the OS refuses", "[util]") {
    std::string too_long = "./" + std::string(300, 'a') + "/b";
    std::string resolved;
    REQUIRE_NOTHROW(resolved = dtx::util::resolve_path("/tmp", too_long));
    CHECK(resolved == "/tmp/" + std::string(300, 'a') + "/b");
    bool regular = true;
    REQUIRE_NOTHROW(regular = dtx::util::is_regular_file("/tmp/" + std::string(300, 'a')));
    CHECK_FALSE(regular);
}

TEST_CASE("is_regular_file is true for files only", "[util]") {
    TempDir dir;
    dir.write("f", "x");
    CHECK(dtx::util::is_regular_file((fs::path(dir.path()) / "f").string()));
    CHECK_FALSE(dtx::util::is_regular_file(dir.path()));
    CHECK_FALSE(dtx::util::is_regular_file((fs::path(dir.path()) / "missing").string()));
    CHECK_FALSE(dtx::util::is_regular_file("/dev/null"));
}
