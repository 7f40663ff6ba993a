#pragma once
// Catch assertions shared by the tests that run the built binary (docker and offline).

#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace dtx::test {

// No container, network or volume labelled dev.dtx.project=<project> is left.
inline void require_nothing_left(const std::string& project) {
    std::string label = "dev.dtx.project=" + project;
    CHECK(count_containers(label) == 0);
    CHECK(count_networks(label) == 0);
    CHECK(count_volumes(label) == 0);
}

// None of the secrets of the mask-config fixture is in `text` (they are printed as ****).
inline void require_no_mask_config_secret(const std::string& text) {
    CHECK_THAT(text, !Catch::Contains("Sup3r-s3cret"));
    CHECK_THAT(text, !Catch::Contains("an0ther-pw"));
    CHECK_THAT(text, !Catch::Contains("r3dis"));
}

// Removes the images a test built (and the layers only they used), whatever the test's outcome.
struct ImageCleanup {
    std::string image;
    ~ImageCleanup() { run_shell("docker rmi " + image + " >/dev/null 2>&1"); }
};

}  // namespace dtx::test
