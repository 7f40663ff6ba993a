#include "session/config.hpp"

#include "render/render.hpp"
#include "session/load.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <cstdio>

namespace dtx::session {

int show_config(const Runtime& rt, const ConfigOptions& options, report::Reporter& reporter) {
    auto loaded = load_valid_spec(rt, options.global, reporter, options.only);
    compose::Project& project = loaded.project;
    if (!options.only.empty()) {
        keep_services(project, options.only);
    }
    if (options.quiet) {
        return exit_code::k_ok;
    }
    std::string out;
    if (options.services) {
        for (const auto& s : project.services) {
            out += s.name + "\n";
        }
    } else if (options.profiles) {
        for (const auto& p : project.profiles) {
            out += p + "\n";
        }
    } else if (options.images) {
        for (const auto& s : project.services) {
            out += (s.image.empty() ? project.name + "-" + s.name : s.image) + "\n";
        }
    } else {
        auto secrets = options.mask ? render::Secrets::masked : render::Secrets::shown;
        out = options.format == "json" ? render::render_json(project, secrets) : render::render_yaml(project, secrets);
    }
    std::fwrite(out.data(), 1, out.size(), rt.out);
    std::fflush(rt.out);
    return exit_code::k_ok;
}

int validate(const Runtime& rt, const GlobalOptions& global, bool quiet, report::Reporter& reporter) {
    auto loaded = load_spec(rt, global, reporter, !quiet);
    for (const auto& e : loaded.errors) {
        reporter.error(e);
    }
    if (!loaded.errors.empty()) {
        reporter.error(fmt::format("{} error(s) in {}", loaded.errors.size(), loaded.project.file));
        return exit_code::k_invalid;
    }
    if (!quiet) {
        reporter.note(fmt::format("{} is valid: {} service(s)", loaded.project.file, loaded.project.services.size()));
    }
    return exit_code::k_ok;
}

}  // namespace dtx::session
