// libFuzzer target: the whole spec loader (parse, interpolate, merge, extends, decode, validate)
// on one compose.yaml, then `dtx config`'s renderings of a valid result. load_spec reports problems
// as values; a dtx::Error for a file-level problem is allowed, any other exception is a bug and
// escapes to libFuzzer as a crash.
#include "fake_env.hpp"
#include "load/loader.hpp"
#include "render/render.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {

// One directory per process, removed at exit: <tmp>/dtx-fuzz-XXXXXX/project/ holds compose.yaml
// (rewritten for each input) beside fixed files a spec may name: .env, common.env, base.yaml.
class Workspace {
public:
    Workspace() {
        std::string dir = (fs::temp_directory_path() / "dtx-fuzz-XXXXXX").string();
        if (mkdtemp(dir.data()) == nullptr) {
            std::perror("fuzz_loader: mkdtemp");
            std::abort();
        }
        m_root = dir;
        m_project = m_root / "project";  // a fixed directory name, so the project name is stable
        fs::create_directory(m_project);
        write(".env", "DOTENV=from .env\nWHO=dotenv\nNESTED=${DOTENV}-${TAG:-none}\n");
        write("common.env", "COMMON=1\nexport QUOTED=\"a b\"\n");
        write("base.yaml",
              "services:\n  base:\n    image: alpine:3.19\n    environment: [BASE=1]\n"
              "    ports: [\"8080:80\"]\n");
        m_spec = (m_project / "compose.yaml").string();
    }
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;
    ~Workspace() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }

    const std::string& write_spec(const uint8_t* data, size_t size) {
        std::ofstream out(m_spec, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.close();
        if (!out) {
            std::perror("fuzz_loader: writing compose.yaml");
            std::abort();
        }
        return m_spec;
    }
    std::string directory() const { return m_project.string(); }

private:
    void write(const char* name, const char* text) { std::ofstream(m_project / name, std::ios::binary) << text; }

    fs::path m_root;
    fs::path m_project;
    std::string m_spec;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Workspace workspace;
    dtx::load::LoadOptions options;
    options.files = {workspace.write_spec(data, size)};
    options.working_dir = workspace.directory();
    options.lookup_env = dtx::fuzz::fake_lookup;
    try {
        dtx::load::LoadResult result = dtx::load::load_spec(options);
        if (result.errors.empty()) {
            std::string json = dtx::render::render_json(result.project);
            // What `dtx config --format json` prints must be JSON (throws, so crashes, if not).
            nlohmann::json parsed = nlohmann::json::parse(json);
            (void)parsed;
            (void)dtx::render::render_yaml(result.project);
        }
    } catch (const dtx::Error&) {
        // A file-level problem reported the documented way.
    }
    return 0;
}
