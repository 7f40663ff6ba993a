#include "session/load.hpp"

#include "session/environment.hpp"
#include "util/error.hpp"

#include <filesystem>

namespace dtx::session {

spec::LoadResult load_spec(const GlobalOptions& global, Reporter& reporter, bool report_warnings,
                           const std::vector<std::string>& services) {
    spec::LoadOptions options;
    options.files = global.files;
    options.project_name = global.project_name;
    options.working_dir = std::filesystem::current_path().string();
    options.lookup_env = getenv_value;
    options.profiles = global.profiles;
    options.env_files = global.env_files;
    options.services = services;
    auto loaded = spec::load_spec(options);
    if (report_warnings) {
        for (const auto& w : loaded.warnings) {
            reporter.warning(w);
        }
    }
    return loaded;
}

spec::LoadResult load_valid_spec(const GlobalOptions& global, Reporter& reporter,
                                 const std::vector<std::string>& services) {
    auto loaded = load_spec(global, reporter, true, services);
    if (!loaded.errors.empty()) {
        std::string message = loaded.errors.front();
        for (size_t i = 1; i < loaded.errors.size(); ++i) {
            message += "\n" + loaded.errors[i];
        }
        throw SpecError(message);
    }
    return loaded;
}

}  // namespace dtx::session
