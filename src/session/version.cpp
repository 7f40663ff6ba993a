#include "session/version.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

namespace dtx::session {

int version(const Runtime& rt) {
    fmt::print(rt.out, "dtx {}\n", DTX_VERSION);
    std::fflush(rt.out);
    auto engine = rt.connect_engine();
    auto v = engine->version();
    if (!v) {
        throw EngineError(v.error().message);
    }
    fmt::print(rt.out, "engine {} (API {}, dtx uses {}) at {}\n", v->version, v->api_version, engine->api_version(),
               engine->endpoint());
    std::fflush(rt.out);
    return exit_code::k_ok;
}

}  // namespace dtx::session
