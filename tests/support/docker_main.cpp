// Main of the docker-labelled tests: they need a real engine. Without one they are skipped
// (exit 77, which CTest reports as skipped) — except under CI=true, where that is a failure.
#define CATCH_CONFIG_RUNNER
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    std::string why;
    if (!dtx::test::engine_available(why)) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string(ci) == "true") {
            std::fprintf(stderr, "docker tests: no Docker engine (%s), and CI=true requires them to run\n",
                         why.c_str());
            return 1;
        }
        std::fprintf(stderr, "docker tests: skipped, no Docker engine (%s); run scripts/engine.sh\n", why.c_str());
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
