#include "cli/verbs.hpp"
#include "report/reporter.hpp"
#include "session/config.hpp"

namespace dtx::cli {

void add_validate(const VerbContext& ctx) {
    auto* sub = ctx.app.add_subcommand("validate", "Check the spec; exit 1 listing every error when it is invalid");
    auto quiet = std::make_shared<bool>(false);
    sub->add_flag("-q,--quiet", *quiet, "Print errors only");
    sub->callback([&global = ctx.global, &action = ctx.action, quiet] {
        action = [&global, quiet](const session::Runtime& rt) {
            bool q = *quiet || global.quiet;
            report::StderrReporter reporter(q);
            return session::validate(rt, global, q, reporter);
        };
    });
}

}  // namespace dtx::cli
