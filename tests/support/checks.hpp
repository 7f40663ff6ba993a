#pragma once
// Catch assertions shared by the docker tests.

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

}  // namespace dtx::test
