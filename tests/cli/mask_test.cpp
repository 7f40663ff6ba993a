// Secrets masked as **** in what dtx prints: `config` (unless --no-mask), `run --dry-run`, and a
// failed service's log lines on stderr, also at -vv.
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>

using namespace dtx::test;

TEST_CASE("run --dry-run masks the password in a service's command", "[docker][cli][run][mask]") {
    auto r = run_dtx({"-f", fixture("mask-config"), "run", "--dry-run", "--", "true"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("--requirepass ****"));
    require_no_mask_config_secret(r.out);
    require_no_mask_config_secret(r.err);
}

TEST_CASE("a failed service's log lines on stderr mask its password, at -vv too", "[docker][run][mask]") {
    for (bool verbose : {false, true}) {
        INFO("verbose " << verbose);
        std::string project = unique_project("mask");
        std::vector<std::string> args = {"-p", project, "-f", fixture("mask-logs")};
        if (verbose) {
            args.push_back("-vv");
        }
        args.insert(args.end(), {"run", "--timeout", "2s", "--", "true"});
        auto r = run_dtx(args);
        CHECK(r.exit_code == 125);
        CHECK_THAT(r.err, Catch::Contains("leaky | the password is ****"));
        CHECK_THAT(r.err, Catch::Contains("leaky | url postgres://app:****@db/app"));
        require_no_mask_config_secret(r.err);
        require_no_mask_config_secret(r.out);
        require_nothing_left(project);
    }
}
