#include "start/network.hpp"

#include "util/error.hpp"

#include "fakes/fake_engine.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace dtx::plan;
using namespace dtx::start;
using dtx::fakes::FakeEngine;
using dtx::util::Errc;

namespace {

// The engine's answers, as DockerEngine reports them (its status mapped to an Errc, its message
// after what was asked).
const dtx::util::Failure k_overlap{
    Errc::server, "creating network dtx-shop-1a2b3c: Pool overlaps with other one on this address space"};
const dtx::util::Failure k_exhausted{
    Errc::not_found,
    "creating network dtx-shop-1a2b3c: could not find an available, non-overlapping IPv4 address pool among the "
    "defaults to assign to the network"};

// The network create calls fail with `failure`, the first `times` of them (FakeEngine::k_always: all).
void refuse(FakeEngine& e, const dtx::util::Failure& failure, int times = FakeEngine::k_always) {
    e.fail("create_network", "dtx-shop-1a2b3c", failure, times);
}

Plan plan_of(const std::string& run_id, const std::string& pool = "", int prefix = 28) {
    Plan plan;
    plan.run_id = run_id;
    plan.project = "shop";
    plan.network = network_name(run_id);
    plan.network_labels = {{"dev.dtx.run", run_id}};
    if (!pool.empty()) {
        plan.subnet_pool = parse_subnet(pool).value();
        plan.subnet_prefix = prefix;
    }
    return plan;
}

// The IPAM subnet of every network create request, in order ("" when none was asked for).
std::vector<std::string> subnets_asked(const FakeEngine& e) {
    std::vector<std::string> out;
    for (const auto& spec : e.network_requests()) {
        out.push_back(spec.subnet);
    }
    return out;
}

std::string error_of(FakeEngine& e, const Plan& plan) {
    try {
        create_run_network(e, plan);
    } catch (const dtx::EngineError& error) {
        return error.what();
    }
    FAIL("create_run_network did not throw");
    return "";
}

}  // namespace

TEST_CASE("without a pool the network is created without a subnet, so the engine picks one", "[network]") {
    FakeEngine e;
    create_run_network(e, plan_of("shop-1a2b3c"));
    CHECK(subnets_asked(e) == std::vector<std::string>{""});
    CHECK(e.has_network("dtx-shop-1a2b3c"));
    CHECK(e.network_requests().at(0).labels == dtx::engine::Labels{{"dev.dtx.run", "shop-1a2b3c"}});
}

TEST_CASE("exhausted engine address pools give one sentence with the three fixes", "[network]") {
    FakeEngine e;
    refuse(e, k_exhausted);
    std::string message = error_of(e, plan_of("shop-1a2b3c"));
    CHECK_THAT(message, Catch::StartsWith("cannot create network dtx-shop-1a2b3c: the engine has used up its "
                                          "address pools"));
    CHECK_THAT(message, Catch::Contains("`dtx prune`"));
    CHECK_THAT(message, Catch::Contains("--subnet-pool 10.200.0.0/16 (or set DTX_SUBNET_POOL)"));
    CHECK_THAT(message, Catch::Contains("default-address-pools to /etc/docker/daemon.json"));
    CHECK(message.find(". ") == std::string::npos);  // one sentence
}

TEST_CASE("the older engines' wording of exhausted pools is recognised too", "[network]") {
    FakeEngine e;
    refuse(e, {Errc::server,
               "creating network dtx-shop-1a2b3c: failed to parse pool request for address space \"LocalDefault\" "
               "pool \"\" subpool \"\": could not find an available predefined network"});
    CHECK_THAT(error_of(e, plan_of("shop-1a2b3c")), Catch::Contains("used up its address pools"));
}

TEST_CASE("any other refusal keeps the engine's own message", "[network]") {
    FakeEngine e;
    refuse(e, {Errc::conflict, "creating network dtx-shop-1a2b3c: network with name dtx-shop-1a2b3c already exists"});
    CHECK(error_of(e, plan_of("shop-1a2b3c")) ==
          "cannot create network dtx-shop-1a2b3c: creating network dtx-shop-1a2b3c: network with name "
          "dtx-shop-1a2b3c already exists");
}

TEST_CASE("with a pool the network asks for a subnet inside it, starting where the run id points", "[network]") {
    FakeEngine e;
    Plan plan = plan_of("shop-1a2b3c", "10.213.0.0/16");
    create_run_network(e, plan);
    Subnet pool = *plan.subnet_pool;
    std::string expected = candidate(pool, 28, first_candidate("shop-1a2b3c", candidate_count(pool, 28))).to_string();
    CHECK(subnets_asked(e) == std::vector<std::string>{expected});
    CHECK_THAT(expected, Catch::StartsWith("10.213."));
    CHECK_THAT(expected, Catch::EndsWith("/28"));
}

TEST_CASE("runs with different ids start at different subnets of the pool", "[network]") {
    std::set<std::string> first;
    for (const char* id : {"a-000001", "a-000002", "a-000003", "a-000004", "a-000005", "a-000006"}) {
        FakeEngine e;
        create_run_network(e, plan_of(id, "10.213.0.0/16"));
        first.insert(subnets_asked(e).at(0));
    }
    CHECK(first.size() >= 5);
}

TEST_CASE("an overlap answer moves on to the next candidate, wrapping around the pool", "[network]") {
    FakeEngine e;
    refuse(e, k_overlap, 2);
    Plan plan = plan_of("shop-1a2b3c", "10.213.0.0/26");  // four /28s
    create_run_network(e, plan);
    auto asked = subnets_asked(e);
    REQUIRE(asked.size() == 3);
    std::uint64_t start = first_candidate("shop-1a2b3c", 4);
    for (std::uint64_t i = 0; i < 3; ++i) {
        CHECK(asked[i] == candidate(*plan.subnet_pool, 28, start + i).to_string());
    }
    CHECK(std::set<std::string>(asked.begin(), asked.end()).size() == 3);
}

TEST_CASE("the bridge driver's wording of an overlap also moves on", "[network]") {
    FakeEngine e;
    refuse(e,
           {Errc::server,
            "creating network dtx-shop-1a2b3c: cannot create network x (br-x): conflicts with network y "
            "(br-y): networks have overlapping IPv4"},
           1);
    create_run_network(e, plan_of("shop-1a2b3c", "10.213.0.0/27"));
    CHECK(subnets_asked(e).size() == 2);
}

TEST_CASE("when every candidate of the pool is taken the error names the pool and tries each once", "[network]") {
    FakeEngine e;
    refuse(e, k_overlap);
    Plan plan = plan_of("shop-1a2b3c", "10.213.0.0/26");
    std::string message = error_of(e, plan);
    CHECK(message ==
          "cannot create network dtx-shop-1a2b3c: every /28 subnet of the pool 10.213.0.0/26 that dtx tried (all 4) "
          "overlaps an existing network; remove leftovers with `dtx prune`, or pass a larger or unused "
          "--subnet-pool");
    auto asked = subnets_asked(e);
    CHECK(asked.size() == 4);
    CHECK(std::set<std::string>(asked.begin(), asked.end()).size() == 4);
}

TEST_CASE("a huge pool whose subnets all overlap gives up after a bounded number of tries", "[network]") {
    FakeEngine e;
    refuse(e, k_overlap);
    std::string message = error_of(e, plan_of("shop-1a2b3c", "10.0.0.0/8"));
    CHECK_THAT(message, Catch::Contains("(4096 of its 1048576)"));
    CHECK(subnets_asked(e).size() == k_max_subnet_attempts);
}

TEST_CASE("a refusal other than an overlap stops the walk at once", "[network]") {
    FakeEngine e;
    refuse(e, k_overlap, 1);
    refuse(e, {Errc::server, "creating network dtx-shop-1a2b3c: failed to create bridge: operation not permitted"});
    std::string message = error_of(e, plan_of("shop-1a2b3c", "10.213.0.0/16"));
    CHECK_THAT(message, Catch::EndsWith("failed to create bridge: operation not permitted"));
    CHECK(subnets_asked(e).size() == 2);
}

TEST_CASE("the plan sizes the run's subnet from the pool and its services and shows it", "[network]") {
    dtx::compose::Project project;
    project.name = "shop";
    for (const char* name : {"cache", "db"}) {
        dtx::compose::Service s;
        s.name = name;
        s.image = std::string("dtx-test/") + name;
        project.services.push_back(s);
    }
    PlanInputs inputs;
    inputs.run_id = "shop-1a2b3c";
    std::string without = make_plan(project, inputs).to_string();
    CHECK(without.find("subnet") == std::string::npos);
    inputs.subnet_pool = parse_subnet("10.213.0.0/16").value();
    Plan plan = make_plan(project, inputs);
    CHECK(plan.subnet_prefix == 28);
    CHECK_THAT(plan.to_string(), Catch::Contains("network dtx-shop-1a2b3c\n  subnet a free /28 in the pool "
                                                 "10.213.0.0/16, chosen at run time\n"));
    inputs.subnet_pool = parse_subnet("10.213.0.0/30").value();
    CHECK_THROWS_AS(make_plan(project, inputs), dtx::UsageError);
}
