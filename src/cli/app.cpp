#include "cli/app.hpp"

#include "cli/verbs.hpp"
#include "report/log.hpp"
#include "secrets/secrets.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/signals.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>

namespace dtx::cli {

namespace {

// Errors quote what they are about, a URL with its password or a failed service's output: masked.
// Each line of a message of several (every error of a spec) carries the prefix, so that a grep for
// "dtx: error:" in a CI log finds them all.
int report(const std::exception& e, int code) {
    std::string text = secrets::masked(e.what());
    std::string out;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = std::min(text.find('\n', begin), text.size());
        if (end > begin || begin == 0) {
            out += "dtx: error: " + text.substr(begin, end - begin) + "\n";
        }
        begin = end + 1;
    }
    std::fputs(out.c_str(), stderr);
    return code;
}

}  // namespace

int run(int argc, char** argv) {
    util::install_signal_handlers();
    // Everything after the first `--` is the test command, untouched by option parsing.
    int split = argc;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0) {
            split = i;
            break;
        }
    }
    std::vector<std::string> command(argv + std::min(split + 1, argc), argv + argc);

    CLI::App app{"dtx: real services for your tests, up, ready and gone again", "dtx"};
    app.require_subcommand(1);
    app.fallthrough();  // global options work after the verb too: `dtx run -f FILE -- CMD`
    app.set_version_flag("--version", std::string("dtx ") + DTX_VERSION);
    session::GlobalOptions global;
    app.add_option("-f,--file", global.files, "Compose file (default: discovered in the current directory)")
        ->type_name("FILE");
    app.add_option("-p,--project-name", global.project_name, "Project name (default: name: key, else the directory)");
    app.add_option("--profile", global.profiles, "Activate a profile (repeatable; default COMPOSE_PROFILES)")
        ->type_name("NAME");
    app.add_option("--env-file", global.env_files, "Variables for interpolation instead of .env (repeatable)")
        ->type_name("FILE");
    app.add_flag("-v,--verbose", global.verbosity, "More output on stderr (-v debug, -vv engine requests)");
    app.add_flag("-q,--quiet", global.quiet, "Only warnings and errors on stderr");

    Action action;
    for (AddVerb add : k_verbs) {
        add(VerbContext{app, global, command, action});
    }

    try {
        app.parse(split, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_code::k_usage;  // CLI11's own codes would overlap the test command's
    }
    report::setup_logging(global.verbosity);
    util::SystemClock clock;
    try {
        return action ? action(session::real_runtime(clock)) : exit_code::k_usage;
    } catch (const Error& e) {
        return report(e, e.exit_code());
    } catch (const std::exception& e) {
        return report(e, exit_code::k_dtx_failure);
    }
}

}  // namespace dtx::cli
