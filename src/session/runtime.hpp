#pragma once
// What a verb needs from the world, in one object: cli/ builds the real one (real_runtime), tests
// build one from fakes. No verb reaches for the engine socket, the clock, the process environment,
// /proc, the signal flags or the current directory by itself.

#include "engine/engine.hpp"
#include "plan/plan.hpp"
#include "process/watchdog.hpp"
#include "report/reporter.hpp"
#include "start/start.hpp"
#include "teardown/prune_select.hpp"
#include "util/clock.hpp"
#include "util/env_lookup.hpp"
#include "util/stop.hpp"

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace dtx::session {

// Connects to the engine (throws EngineError, with what to do, when it cannot).
using EngineFactory = std::function<std::shared_ptr<engine::Engine>()>;

// Starts the reaper of a run (nullopt: the run goes on without one).
using ReaperStarter = std::function<std::optional<process::Watchdog>(const plan::Plan&, report::Reporter&)>;

struct Runtime {
    EngineFactory connect_engine;
    util::Clock& clock;
    util::EnvLookup env;                // interpolation, COMPOSE_*, DOCKER_HOST, the connection variables
    teardown::ProcessLookup processes;  // whether a run's owner process lives (prune)
    util::StopToken stop;               // a termination signal: the verb stops and cleans up
    std::string working_dir;            // where the spec is discovered and relative -f files start
    std::string host;                   // this machine's name, as dev.dtx.owner-host records it
    std::FILE* out = stdout;            // what the verb prints for the user: config, env, dry run, logs
    ReaperStarter start_reaper{};       // empty: runs have no reaper
    start::ProbeFactory make_probe{};   // empty: the probes each service's readiness plan names
    init::SqlConnector connect_sql{};   // empty: the real SQL clients
};

// The real world: the engine the environment names (connect_engine in engine_connect.hpp), the
// process environment, /proc, the signal handlers, the current directory, stdout, the reaper.
Runtime real_runtime(util::Clock& clock);

// What start::start_services needs, from the runtime: its clock, stop token, probes and SQL clients.
start::StartContext start_context(const Runtime& rt, engine::Engine& engine, report::Reporter& reporter,
                                  teardown::ResourceTracker& tracker);

}  // namespace dtx::session
