// dtx run --subnet-pool / DTX_SUBNET_POOL against the real engine: the run's network takes a small
// subnet inside the pool, parallel runs sharing a pool get different subnets, and a full pool or a
// malformed CIDR is a clear error. The pools used here (10.213.0.0/16, 10.214.7.0/27) are disjoint,
// so these tests may run next to each other; the engine's default pools are never exhausted.
#include "plan/subnet_pool.hpp"
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace dtx::test;
using dtx::plan::parse_subnet;
using dtx::plan::Subnet;

namespace fs = std::filesystem;

namespace {

constexpr const char* k_print_subnet =
    R"(docker network inspect "$DTX_NETWORK" --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}')";

std::string fixture() {
    return source_path("tests/integration/fixtures/redis-only/compose.yaml");
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

bool inside(const std::string& subnet_text, const std::string& pool_text) {
    auto subnet = parse_subnet(subnet_text);
    Subnet pool = parse_subnet(pool_text).value();
    std::uint32_t mask = pool.prefix == 0 ? 0U : ~std::uint32_t{0} << (32 - pool.prefix);
    return subnet && subnet->prefix >= pool.prefix && (subnet->address & mask) == pool.address;
}

int files_in(const fs::path& dir, const std::string& extension) {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        n += entry.path().extension() == extension ? 1 : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("run --subnet-pool gives the run's network a /28 inside the pool", "[docker][network]") {
    std::string project = unique_project("pool");
    auto r = run_dtx(
        {"-p", project, "-f", fixture(), "run", "--subnet-pool", "10.213.0.0/16", "--", "sh", "-c", k_print_subnet});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::string subnet = trimmed(r.out);
    INFO(subnet);
    CHECK(inside(subnet, "10.213.0.0/16"));
    CHECK_THAT(subnet, Catch::EndsWith("/28"));
    require_nothing_left(project);
}

TEST_CASE("DTX_SUBNET_POOL sets the pool, and --subnet-pool wins over it", "[docker][network]") {
    std::string project = unique_project("poolenv");
    auto r = run_dtx(Invocation{{"-p", project, "-f", fixture(), "run", "--", "sh", "-c", k_print_subnet},
                                "",
                                {{"DTX_SUBNET_POOL", "10.213.128.0/17"}}});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(inside(trimmed(r.out), "10.213.128.0/17"));
    // A malformed variable is not even read when the flag is given.
    r = run_dtx(Invocation{
        {"-p", project, "-f", fixture(), "run", "--subnet-pool", "10.213.0.0/17", "--", "sh", "-c", k_print_subnet},
        "",
        {{"DTX_SUBNET_POOL", "not-a-cidr"}}});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(inside(trimmed(r.out), "10.213.0.0/17"));
    require_nothing_left(project);
}

TEST_CASE("a malformed subnet pool is a usage error (exit 2) before anything is created", "[docker][network]") {
    std::string project = unique_project("poolbad");
    auto r = run_dtx({"-p", project, "-f", fixture(), "run", "--subnet-pool", "10.213.0/16", "--", "true"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--subnet-pool: \"10.213.0/16\" is not an IPv4 CIDR; write the pool as "
                                      "ADDRESS/PREFIX, e.g. 10.200.0.0/16"));
    r = run_dtx(
        Invocation{{"-p", project, "-f", fixture(), "run", "--", "true"}, "", {{"DTX_SUBNET_POOL", "10.213.1.0/16"}}});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("DTX_SUBNET_POOL: \"10.213.1.0/16\" has host bits set; did you mean "
                                      "10.213.0.0/16?"));
    require_nothing_left(project);
}

TEST_CASE("two parallel runs sharing a pool of two /28s get one each, and a third finds the pool full",
          "[docker][network]") {
    const std::string pool = "10.214.7.0/27";
    fs::path dir = fs::temp_directory_path() / unique_project("dtx-pool-barrier");
    fs::create_directories(dir);
    // Each run records its subnet, then holds its network until the test releases it, so both
    // networks exist at the same time.
    std::string hold = std::string(k_print_subnet) + " > " + dir.string() + "/$DTX_RUN_ID.tmp && mv " + dir.string() +
                       "/$DTX_RUN_ID.tmp " + dir.string() + "/$DTX_RUN_ID.subnet && i=0 && while [ ! -e " +
                       dir.string() + "/release ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done; cat " +
                       dir.string() + "/$DTX_RUN_ID.subnet";
    std::string a = unique_project("poola");
    std::string b = unique_project("poolb");
    std::string c = unique_project("poolc");
    auto run_a = start_dtx({"-p", a, "-f", fixture(), "run", "--subnet-pool", pool, "--", "sh", "-c", hold});
    auto run_b = start_dtx({"-p", b, "-f", fixture(), "run", "--subnet-pool", pool, "--", "sh", "-c", hold});
    for (int i = 0; i < 1200 && files_in(dir, ".subnet") < 2; ++i) {
        usleep(100'000);
    }
    CHECK(files_in(dir, ".subnet") == 2);

    auto full = run_dtx({"-p", c, "-f", fixture(), "run", "--subnet-pool", pool, "--", "true"});
    std::ofstream(dir / "release").put('\n');
    auto ra = wait_dtx(run_a);
    auto rb = wait_dtx(run_b);
    fs::remove_all(dir);

    CHECK(full.exit_code == 125);
    CHECK_THAT(full.err, Catch::Contains("every /28 subnet of the pool 10.214.7.0/27 that dtx tried (all 2) overlaps "
                                         "an existing network"));
    INFO(ra.err);
    INFO(rb.err);
    REQUIRE(ra.exit_code == 0);
    REQUIRE(rb.exit_code == 0);
    std::string sa = trimmed(ra.out);
    std::string sb = trimmed(rb.out);
    CHECK(inside(sa, pool));
    CHECK(inside(sb, pool));
    CHECK_THAT(sa, Catch::EndsWith("/28"));
    CHECK(sa != sb);
    for (const auto& project : {a, b, c}) {
        require_nothing_left(project);
    }
}
