#include "cli/verbs.hpp"
#include "session/version.hpp"

namespace dtx::cli {

void add_version(const VerbContext& ctx) {
    ctx.app.add_subcommand("version", "Print the versions of dtx and of the engine")->callback([&action = ctx.action] {
        action = [](const session::Runtime& rt) { return session::version(rt); };
    });
}

}  // namespace dtx::cli
