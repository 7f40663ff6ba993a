#pragma once
// x-dtx.init: the steps run once a service is ready and before its dependants start — SQL files
// (one statement at a time, stopping at the first error with its file and line), commands in the
// container ({exec: …}) and commands on the host ({run: …}).

#include "compose/model.hpp"
#include "engine/engine.hpp"
#include "env/connection_env.hpp"
#include "init/init_sql.hpp"
#include "plan/plan.hpp"
#include "report/reporter.hpp"
#include "util/clock.hpp"
#include "util/stop.hpp"

#include <functional>
#include <string>

namespace dtx::init {

struct InitContext {
    engine::Engine& engine;
    report::Reporter& reporter;
    util::Clock& clock;
    util::TimePoint begin;                     // when the run began, for the reporter's times
    std::string directory;                     // the spec's: where {run: …} runs, what file names are shown against
    SqlConnector connect_sql;                  // empty: session::connect_sql
    std::function<bool()> stopping;            // the run is stopping (interrupted, or another service failed)
    std::function<env::EnvList()> connection;  // the variables of the services started so far
    util::StopToken stop{};                    // a termination signal: {exec} and {run} commands are ended
};

// Runs `svc`'s init steps in order, reporting each one ("db: init schema.sql (12 statements) in
// 35 ms"). Returns false when the run began stopping meanwhile (the rest is skipped; not this
// service's failure). Throws InitError naming the service and the step (and, for SQL, the file and
// line of the failing statement with the server's message), its output reported under it.
bool run_init(const InitContext& ctx, const compose::Service& svc, const env::ServiceEndpoint& endpoint,
              const std::string& container_id);

// Refuses, before anything is created, SQL steps on a service whose kind has no SQL: a SpecError
// at the step's location.
void check_init_kinds(const compose::Project& project, const plan::Plan& plan);

}  // namespace dtx::init
