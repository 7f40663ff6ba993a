#include "init/init.hpp"

#include "plan/init_steps.hpp"

#include "init/init_exec.hpp"
#include "init/sql_split.hpp"
#include "process/capture.hpp"
#include "util/environment.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <fmt/format.h>
#include <filesystem>

namespace fs = std::filesystem;

namespace dtx::init {

namespace {

// Dumps can be large; the bound is only against a device or a mistake.
constexpr std::size_t k_max_sql_file = std::size_t{1} << 30;

// One service's steps; a failure throws.
class InitRun {
public:
    InitRun(const InitContext& ctx, const compose::Service& svc, const env::ServiceEndpoint& endpoint,
            const std::string& container_id)
        : m_ctx(ctx), m_svc(svc), m_endpoint(endpoint), m_container(container_id) {}

    bool run() {
        for (const auto& step : m_svc.dtx.init) {
            if (stopping()) {
                return false;
            }
            auto began = m_ctx.clock.now();
            std::optional<std::string> done = !step.sql_file.empty() ? sql(step)
                                              : !step.run.empty()    ? host(step)
                                                                     : exec(step);
            if (!done) {
                return false;
            }
            m_ctx.reporter.note(
                fmt::format("{}: init {} in {} ms", m_svc.name, *done, util::to_ms(m_ctx.clock.now() - began)));
        }
        return true;
    }

private:
    bool stopping() const { return (m_ctx.stopping && m_ctx.stopping()) || m_ctx.stop.stop_requested(); }

    // Each step returns what it did, for the progress line, or nullopt when the run is stopping.
    std::optional<std::string> sql(const compose::InitStep& step) {
        std::string file = plan::shown_path(step.sql_file, m_ctx.directory);
        auto text = util::read_text_file(step.sql_file, k_max_sql_file);
        if (!text) {
            fail(file, fmt::format("cannot read {}: {}", file, text.error().message));
        }
        auto dialect = m_endpoint.kind == kind::Kind::mysql ? SqlDialect::mysql : SqlDialect::postgres;
        auto statements = split_sql(text.value(), dialect);
        auto conn = m_ctx.connect_sql ? m_ctx.connect_sql(m_endpoint) : connect_sql(m_endpoint);
        if (!conn) {
            fail(file, fmt::format("{}: cannot connect: {}", file, conn.error().message));
        }
        std::function<bool()> stop = [this] { return stopping(); };
        for (const auto& statement : statements) {
            if (stopping()) {
                return std::nullopt;
            }
            auto error = conn.value()->execute(statement.text, stop);
            if (error) {
                if (stopping()) {
                    return std::nullopt;  // cancelled, most likely
                }
                int line = statement.line + std::max(0, error->line_in_statement - 1);
                fail(file, fmt::format("{}:{}: {}", file, line, error->message));
            }
        }
        return fmt::format("{} ({} statement{})", file, statements.size(), statements.size() == 1 ? "" : "s");
    }

    std::optional<std::string> exec(const compose::InitStep& step) {
        std::string what = plan::describe_init_step(step, m_ctx.directory);
        auto outcome = exec_and_wait(m_ctx.engine, m_ctx.clock, m_ctx.stop, m_container, step.command);
        if (!outcome) {
            if (stopping()) {
                return std::nullopt;
            }
            fail(what, fmt::format("{}: {}", what, outcome.error().message));
        }
        if (outcome->exit_code != 0) {
            fail(what, fmt::format("{} exited with code {}", what, outcome->exit_code), outcome->output);
        }
        return what;
    }

    std::optional<std::string> host(const compose::InitStep& step) {
        std::string what = plan::describe_init_step(step, m_ctx.directory);
        process::CaptureOptions options;
        options.argv = step.run;
        options.env =
            env::merge_env(util::process_environment(), m_ctx.connection ? m_ctx.connection() : env::EnvList{});
        options.cwd = m_ctx.directory;
        options.stop = [stop = m_ctx.stop] { return stop.stop_requested(); };
        auto outcome = process::run_captured(options);
        if (!outcome) {
            fail(what, fmt::format("{}: {}", what, outcome.error().message));
        }
        if (outcome->exit_code != 0) {
            if (m_ctx.stop.stop_requested()) {
                return std::nullopt;
            }
            fail(what, fmt::format("{} exited with code {}", what, outcome->exit_code), outcome->output);
        }
        return what;
    }

    // The progress line names the step; the reason is said once, by the error that ends the run.
    [[noreturn]] void fail(const std::string& step, const std::string& what, const std::string& output = {}) {
        m_ctx.reporter.service(m_svc.name, report::Phase::failed, m_ctx.clock.now() - m_ctx.begin,
                               fmt::format("in x-dtx.init ({})", step));
        if (!output.empty()) {
            m_ctx.reporter.service_logs(m_svc.name, output);
        }
        throw InitError(fmt::format("{}: x-dtx.init failed: {}", m_svc.name, what));
    }

    const InitContext& m_ctx;
    const compose::Service& m_svc;
    const env::ServiceEndpoint& m_endpoint;
    const std::string& m_container;
};

}  // namespace

bool run_init(const InitContext& ctx, const compose::Service& svc, const env::ServiceEndpoint& endpoint,
              const std::string& container_id) {
    return InitRun(ctx, svc, endpoint, container_id).run();
}

void check_init_kinds(const compose::Project& project, const plan::Plan& plan) {
    for (const auto& sp : plan.services) {
        const compose::Service* svc = project.find(sp.service);
        if (svc == nullptr || sp.kind == kind::Kind::postgres || sp.kind == kind::Kind::mysql) {
            continue;
        }
        for (const auto& step : svc->dtx.init) {
            if (!step.sql_file.empty()) {
                throw SpecError(fmt::format(
                    "{}:{}:{}: services.{}.x-dtx.init: x-dtx.init SQL needs a postgres or mysql service, and {} "
                    "is {} (x-dtx.kind sets the kind when the image name does not tell)",
                    step.location.file, step.location.line, step.location.column, sp.service, sp.service,
                    kind::kind_name(sp.kind)));
            }
        }
    }
}

}  // namespace dtx::init
