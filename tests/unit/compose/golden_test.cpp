// Golden tests: each folder of tests/fixtures/spec/ is a spec and what dtx must make of it.
//   compose.yaml        the spec (plus any files it refers to, and an optional .env)
//   files               optional: the -f files in order, one a line (default compose.yaml)
//   env                 optional process environment, KEY=VALUE lines
//   profiles            optional active profiles, one a line
//   services            optional services named on the command line, one a line
//   env-files           optional --env-file files, one a line
//   expected.json       for a valid spec: `dtx config --format json`
//   expected.errors     for an invalid one: every error, one a line
//   expected.warnings   optional: every warning, one a line
// Paths of the case folder appear as <case>. DTX_UPDATE_GOLDEN=1 rewrites the expected files.
#include "load/loader.hpp"
#include "render/render.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace dtx::compose;
using namespace dtx::load;
using dtx::render::render_json;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const fs::path& p) {
    std::vector<std::string> out;
    std::istringstream in(read(p));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
        text.replace(pos, from.size(), to);
    }
    return text;
}

std::string joined(const std::vector<std::string>& items, const std::string& dir) {
    std::string out;
    for (const auto& item : items) {
        out += replace_all(item, dir, "<case>") + "\n";
    }
    return out;
}

void check_or_update(const fs::path& file, const std::string& actual) {
    if (std::getenv("DTX_UPDATE_GOLDEN") != nullptr) {
        if (actual.empty()) {
            fs::remove(file);
        } else {
            std::ofstream(file, std::ios::binary) << actual;
        }
        return;
    }
    std::string expected = fs::exists(file) ? read(file) : "";
    INFO("golden file " << file.string());
    CHECK(actual == expected);
}

}  // namespace

TEST_CASE("every spec fixture resolves to its golden config or errors", "[spec][golden]") {
    fs::path root = fs::path(DTX_SOURCE_DIR) / "tests" / "fixtures" / "spec";
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.is_directory()) {
            cases.push_back(entry.path());
        }
    }
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 1);
    for (const auto& dir : cases) {
        SECTION(dir.filename().string()) {
            std::map<std::string, std::string> env;
            for (const auto& line : lines(dir / "env")) {
                auto eq = line.find('=');
                env[line.substr(0, eq)] = eq == std::string::npos ? "" : line.substr(eq + 1);
            }
            LoadOptions options;
            options.files.clear();
            for (const auto& f : lines(dir / "files")) {
                options.files.push_back((dir / f).string());
            }
            if (options.files.empty()) {
                options.files = {(dir / "compose.yaml").string()};
            }
            options.working_dir = dir.string();
            options.lookup_env = [&env](const std::string& name) -> std::optional<std::string> {
                auto it = env.find(name);
                return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
            };
            options.profiles = lines(dir / "profiles");
            options.services = lines(dir / "services");
            for (const auto& f : lines(dir / "env-files")) {
                options.env_files.push_back((dir / f).string());
            }
            LoadResult r = load_spec(options);
            std::string d = dir.string();
            check_or_update(dir / "expected.errors", joined(r.errors, d));
            check_or_update(dir / "expected.warnings", joined(r.warnings, d));
            check_or_update(dir / "expected.json",
                            r.errors.empty() ? replace_all(render_json(r.project), d, "<case>") : "");
        }
    }
}
