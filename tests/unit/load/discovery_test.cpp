// Which files are read without -f: the discovered spec and the override file beside it.
#include "load/loader.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dtx::load;
using dtx::fakes::TempDir;

namespace {

constexpr const char* k_base = "services:\n  db:\n    image: postgres:16\n";
constexpr const char* k_override = "services:\n  db:\n    image: postgres:17\n  cache:\n    image: redis\n";

LoadResult discovered(const TempDir& dir) {
    return load_project(LoadOptions{{}, "", dir.path(), {}, {}, {}});
}

}  // namespace

TEST_CASE("without -f a compose.override.yaml beside compose.yaml is merged over it", "[spec][discovery]") {
    TempDir dir;
    std::string base = dir.write("compose.yaml", k_base);
    std::string over = dir.write("compose.override.yaml", k_override);
    auto r = discovered(dir);
    CHECK(r.project.files == std::vector<std::string>{base, over});
    REQUIRE(r.project.find("db") != nullptr);
    CHECK(r.project.find("db")->image == "postgres:17");
    CHECK(r.project.find("cache") != nullptr);
}

TEST_CASE("without -f a docker-compose.override.yml beside docker-compose.yml is merged over it", "[spec][discovery]") {
    TempDir dir;
    std::string base = dir.write("docker-compose.yml", k_base);
    std::string over = dir.write("docker-compose.override.yml", k_override);
    CHECK(discovered(dir).project.files == std::vector<std::string>{base, over});
}

TEST_CASE("a Compose base file takes Compose's override names in Compose's order, whatever its own name",
          "[spec][discovery]") {
    // compose-go does not pair names: the first of its override names present wins.
    const std::vector<std::string> order = {"compose.override.yml", "compose.override.yaml",
                                            "docker-compose.override.yml", "docker-compose.override.yaml"};
    for (size_t first = 0; first < order.size(); ++first) {
        TempDir dir;
        std::string base = dir.write("compose.yaml", k_base);
        for (size_t i = first; i < order.size(); ++i) {
            dir.write(order[i], k_override);
        }
        INFO("present from " << order[first]);
        auto r = discovered(dir);
        CHECK(r.project.files == std::vector<std::string>{base, dir.path() + "/" + order[first]});
    }
}

TEST_CASE("a second override file present is not read, with a warning naming both", "[spec][discovery]") {
    TempDir dir;
    dir.write("compose.yaml", k_base);
    std::string used = dir.write("compose.override.yml", k_override);
    std::string unused = dir.write("compose.override.yaml", k_override);
    auto r = discovered(dir);
    CHECK(r.project.files.size() == 2);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == unused + ": not read: only the first override file is merged, " + used);
}

TEST_CASE("with -f the override file beside the spec is not read", "[spec][discovery]") {
    TempDir dir;
    std::string base = dir.write("compose.yaml", k_base);
    dir.write("compose.override.yaml", k_override);
    auto r = load_project(LoadOptions{{base}, "", dir.path(), {}, {}, {}});
    CHECK(r.project.files == std::vector<std::string>{base});
    CHECK(r.project.find("db")->image == "postgres:16");
}

TEST_CASE("dtx's own spec names take their own override file, not Compose's", "[spec][discovery]") {
    for (const auto& [spec, override_name] : std::vector<std::pair<std::string, std::string>>{
             {"dtx.yaml", "dtx.override.yaml"},
             {"dtx.yml", "dtx.override.yml"},
             {"compose.test.yaml", "compose.test.override.yaml"},
             {"docker-compose.test.yml", "docker-compose.test.override.yml"}}) {
        TempDir dir;
        std::string base = dir.write(spec, k_base);
        dir.write("compose.override.yaml", "services:\n  db:\n    image: wrong\n");
        std::string over = dir.write(override_name, k_override);
        INFO(spec);
        CHECK(discovered(dir).project.files == std::vector<std::string>{base, over});
    }
}

TEST_CASE("dtx.yaml without dtx.override.yaml is read alone, even beside compose.override.yaml", "[spec][discovery]") {
    TempDir dir;
    std::string base = dir.write("dtx.yaml", k_base);
    dir.write("compose.override.yaml", k_override);
    auto r = discovered(dir);
    CHECK(r.project.files == std::vector<std::string>{base});
    CHECK(r.project.find("cache") == nullptr);
}
