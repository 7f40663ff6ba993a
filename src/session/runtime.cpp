#include "session/runtime.hpp"

#include "session/engine_connect.hpp"
#include "session/reaper.hpp"
#include "teardown/process_status.hpp"
#include "util/environment.hpp"

#include <filesystem>

namespace dtx::session {

Runtime real_runtime(util::Clock& clock) {
    Runtime rt{
        .connect_engine = [] { return std::shared_ptr<engine::Engine>(connect_engine(util::getenv_value)); },
        .clock = clock,
        .env = util::getenv_value,
        .processes = teardown::process_status,
        .stop = util::StopToken::from_signals(),
        .working_dir = std::filesystem::current_path().string(),
        .host = teardown::this_host(),
    };
    rt.start_reaper = start_reaper;
    return rt;
}

start::StartContext start_context(const Runtime& rt, engine::Engine& engine, report::Reporter& reporter,
                                  teardown::ResourceTracker& tracker) {
    return start::StartContext{engine, reporter, rt.clock, tracker, rt.make_probe, rt.connect_sql, rt.stop};
}

}  // namespace dtx::session
