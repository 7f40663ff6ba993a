#include "cli/verbs.hpp"
#include "session/engine_connect.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::cli {

void add_version(CLI::App& app, const session::GlobalOptions& /*global*/, Action& action) {
    auto* sub = app.add_subcommand("version", "Print the versions of dtx and of the engine");
    sub->callback([&action] {
        action = [] {
            fmt::print("dtx {}\n", DTX_VERSION);
            auto engine = session::connect_engine(util::getenv_value);
            auto v = engine->version();
            if (!v) {
                throw EngineError(v.error().message);
            }
            fmt::print("engine {} (API {}, dtx uses {}) at {}\n", v->version, v->api_version, engine->api_version(),
                       engine->endpoint());
            return 0;
        };
    });
}

}  // namespace dtx::cli
