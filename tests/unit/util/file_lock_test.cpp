#include "util/file_lock.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

using dtx::fakes::TempDir;
using dtx::util::Errc;
using dtx::util::FileLock;

TEST_CASE("a file lock is refused while another holder has it and free once that one is gone", "[util]") {
    TempDir dir;
    std::string path = dir.path() + "/project.lock";
    {
        auto first = FileLock::try_lock(path);
        REQUIRE(first);
        auto second = FileLock::try_lock(path);  // another open file description: a second holder
        REQUIRE_FALSE(second);
        CHECK(second.error().code == Errc::conflict);
        FileLock moved = std::move(first.value());  // moving keeps it held
        CHECK_FALSE(FileLock::try_lock(path));
    }
    CHECK(FileLock::try_lock(path));
}

TEST_CASE("a file lock in a folder that does not exist is an io failure", "[util]") {
    TempDir dir;
    auto lock = FileLock::try_lock(dir.path() + "/missing/x.lock");
    REQUIRE_FALSE(lock);
    CHECK(lock.error().code == Errc::io);
}
