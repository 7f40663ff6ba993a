// `dtx run` passes every service setting of a Compose file to the engine: the fixture
// tests/integration/fixtures/all-keys sets each per-service key to a value unlike the engine's
// default; while the run's command runs, it records `docker inspect` of the container (and of its
// named volume) and facts seen from inside it, and the test checks each one once dtx has exited.
// The expected values are what docker-compose itself gives the engine for the same file.
#include "support/run_binary.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

using namespace dtx::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string fixture() {
    return source_path("tests/integration/fixtures/all-keys/compose.yaml");
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string first_line(const fs::path& path) {
    std::string s = slurp(path);
    return s.substr(0, s.find('\n'));
}

// Null when the file is missing or not JSON (the script could not inspect): the checks then fail.
json read_json(const fs::path& path) {
    json j = json::parse(slurp(path), nullptr, false);
    return j.is_discarded() ? json() : j;
}

// j[k0][k1]…, or null when any step is missing.
json at(const json& j, std::initializer_list<const char*> path) {
    const json* p = &j;
    for (const char* key : path) {
        if (!p->is_object() || !p->contains(key)) {
            return json();
        }
        p = &(*p)[key];
    }
    return *p;
}

bool has(const json& array, const std::string& value) {
    if (!array.is_array()) {
        return false;
    }
    for (const auto& v : array) {
        if (v.is_string() && v.get<std::string>() == value) {
            return true;
        }
    }
    return false;
}

std::string str(const json& j) {
    return j.is_string() ? j.get<std::string>() : j.dump();
}

std::int64_t num(const json& j) {
    return j.is_number() ? j.get<std::int64_t>() : -1;
}

// "name=value" lines written by the script run inside the container.
std::map<std::string, std::string> read_facts(const fs::path& path) {
    std::map<std::string, std::string> facts;
    std::istringstream in(slurp(path));
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) {
            facts.emplace(line.substr(0, eq), line.substr(eq + 1));
        }
    }
    return facts;
}

// A tmpfs size as the engine's Tmpfs map may hold it: bytes, or with a k/m/g suffix (binary).
std::optional<std::int64_t> parse_size(std::string s) {
    if (s.empty()) {
        return std::nullopt;
    }
    std::int64_t unit = 1;
    char last = static_cast<char>(std::tolower(static_cast<unsigned char>(s.back())));
    if (last == 'b') {
        s.pop_back();
        last = s.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(s.back())));
    }
    if (last == 'k' || last == 'm' || last == 'g') {
        unit = last == 'k' ? 1024 : last == 'm' ? 1024 * 1024 : 1024 * 1024 * 1024;
        s.pop_back();
    }
    try {
        std::size_t used = 0;
        std::int64_t n = std::stoll(s, &used);
        return used == s.size() ? std::optional<std::int64_t>(n * unit) : std::nullopt;
    } catch (...) {
        return std::nullopt;
    }
}

struct TmpfsSeen {
    bool found = false;
    std::optional<std::int64_t> size;
    std::optional<std::uint32_t> mode;
};

// /scratch as the engine records it: HostConfig.Tmpfs {"/scratch": "size=…,mode=…"} (what Compose
// sends) or a HostConfig.Mounts entry of type tmpfs with TmpfsOptions; either is correct.
TmpfsSeen tmpfs_of(const json& container, const std::string& target) {
    TmpfsSeen seen;
    json map = at(container, {"HostConfig", "Tmpfs"});
    if (map.is_object() && map.contains(target)) {
        seen.found = true;
        std::istringstream opts(str(map[target]));
        std::string opt;
        while (std::getline(opts, opt, ',')) {
            if (opt.rfind("size=", 0) == 0) {
                seen.size = parse_size(opt.substr(5));
            } else if (opt.rfind("mode=", 0) == 0) {
                try {
                    seen.mode = static_cast<std::uint32_t>(std::stoul(opt.substr(5), nullptr, 8));
                } catch (...) {
                }
            }
        }
    }
    json mounts = at(container, {"HostConfig", "Mounts"});
    if (mounts.is_array()) {
        for (const auto& m : mounts) {
            if (str(at(m, {"Type"})) == "tmpfs" && str(at(m, {"Target"})) == target) {
                seen.found = true;
                json size = at(m, {"TmpfsOptions", "SizeBytes"});
                json mode = at(m, {"TmpfsOptions", "Mode"});
                if (size.is_number()) {
                    seen.size = size.get<std::int64_t>();
                }
                if (mode.is_number()) {
                    seen.mode = mode.get<std::uint32_t>();
                }
            }
        }
    }
    return seen;
}

// The container's entry in the top-level Mounts (what is really mounted) for `destination`.
json mount_at(const json& container, const std::string& destination) {
    json mounts = at(container, {"Mounts"});
    if (mounts.is_array()) {
        for (const auto& m : mounts) {
            if (str(at(m, {"Destination"})) == destination) {
                return m;
            }
        }
    }
    return json();
}

bool volume_exists(const std::string& name) {
    return !name.empty() && run_shell("docker volume inspect " + name).exit_code == 0;
}

void require_nothing_left(const std::string& project) {
    std::string label = "dev.dtx.project=" + project;
    CHECK(count_containers(label) == 0);
    CHECK(count_networks(label) == 0);
    auto volumes = run_shell("docker volume ls -q --filter label=" + label);
    CHECK(volumes.exit_code == 0);
    CHECK(volumes.out.empty());
}

// Run on the host by `dtx run`, while the service is up: records what the engine holds and what
// the container sees, into `dir`. (No single quotes inside `inside`: it is quoted with them.)
std::string record_script(const std::string& project, const std::string& dir) {
    const std::string inside =
        "echo uid=$(id -u); echo gid=$(id -g); echo pwd=$(pwd); echo hostname=$(hostname);"
        "echo hello=$(cat /data/hello.txt);"
        "echo data_write=$(touch /data/dtx-write-probe 2>&1 && echo wrote && rm -f /data/dtx-write-probe);"
        "echo data_options=$(findmnt -no OPTIONS /data);"
        "echo db_example=$(getent hosts db.example);"
        "getent hosts boxalias >/dev/null && echo boxalias=resolves;"
        // PID 1's limits are the container's own; an exec'd shell's were seen to differ under load.
        "echo nofile_soft=$(grep \"Max open files\" /proc/1/limits | tr -s \" \" | cut -d\" \" -f4);"
        "echo nofile_hard=$(grep \"Max open files\" /proc/1/limits | tr -s \" \" | cut -d\" \" -f5);"
        "echo pid1=$(cat /proc/1/comm);"
        "echo scratch=$(findmnt -no FSTYPE,OPTIONS /scratch);"
        "echo shm=$(findmnt -no OPTIONS /dev/shm);"
        "echo capbnd=$(grep CapBnd /proc/self/status | cut -f2);"
        "echo greeting=$GREETING; echo price=$PRICE; echo fallback=$FALLBACK;"
        "mountpoint -q /cache && echo cache=mounted; mountpoint -q /anon && echo anon=mounted;"
        "true";
    return "D=" + dir +
           "\n"
           "ids=$(docker ps -q --filter label=dev.dtx.project=" +
           project +
           " --filter label=dev.dtx.service=box)\n"
           "printf '%s\\n' $ids > $D/ids\n"
           "printf '%s\\n' \"$DTX_RUN_ID\" > $D/run_id\n"
           "printf '%s\\n' \"$DTX_NETWORK\" > $D/network\n"
           "id=$(printf '%s\\n' $ids | head -n 1)\n"
           "[ -n \"$id\" ] || exit 0\n"
           "docker inspect $id > $D/container.json\n"
           "vol=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination \"/cache\"}}{{.Name}}{{end}}{{end}}' $id)\n"
           "[ -z \"$vol\" ] || docker volume inspect $vol > $D/volume.json\n"
           "docker exec $id sh -c '" +
           inside +
           "' > $D/inside.txt 2>&1\n"
           "exit 0\n";
}

}  // namespace

TEST_CASE("every service setting of the all-keys fixture reaches the engine and the container", "[docker][run]") {
    std::string project = unique_project("allkeys");
    fs::path dir = fs::temp_directory_path() / ("dtx-" + project);
    fs::create_directories(dir);
    struct RemoveDir {
        fs::path path;
        ~RemoveDir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } remove_dir{dir};
    auto r = run_dtx({"-p", project, "-f", fixture(), "run", "--", "sh", "-c", record_script(project, dir.string())});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // Exactly one container for the service, found by dtx's labels.
    std::string ids = slurp(dir / "ids");
    CHECK(std::count(ids.begin(), ids.end(), '\n') == 1);
    std::string run_id = first_line(dir / "run_id");
    std::string network = first_line(dir / "network");
    CHECK_THAT(run_id, Catch::StartsWith(project + "-"));

    json inspected = read_json(dir / "container.json");
    REQUIRE(inspected.is_array());
    REQUIRE(inspected.size() == 1);
    const json c = inspected[0];

    {  // Config: entrypoint ($$ is a literal $), command, environment, labels, user, directories, names
        CHECK(at(c, {"Config", "Entrypoint"}) == json({"/bin/sh", "-c", "exec \"$@\"", "--"}));
        CHECK(at(c, {"Config", "Cmd"}) == json({"sleep", "300"}));
        json env = at(c, {"Config", "Env"});
        CHECK(has(env, "GREETING=hello world"));
        CHECK(has(env, "NUMBER=42"));
        CHECK(has(env, "PRICE=$5"));
        CHECK(has(env, "FALLBACK=fallback"));
        CHECK(str(at(c, {"Config", "Labels", "com.example.team"})) == "storage");
        CHECK(str(at(c, {"Config", "Labels", "dev.dtx.project"})) == project);
        CHECK(str(at(c, {"Config", "Labels", "dev.dtx.service"})) == "box");
        CHECK(str(at(c, {"Config", "Labels", "dev.dtx.run"})) == run_id);
        CHECK(str(at(c, {"Config", "User"})) == "65534:65534");
        CHECK(str(at(c, {"Config", "WorkingDir"})) == "/tmp");
        CHECK(str(at(c, {"Config", "Hostname"})) == "boxhost");
        CHECK(str(at(c, {"Config", "StopSignal"})) == "SIGUSR1");
    }

    {  // Config.Healthcheck in nanoseconds
        json hc = at(c, {"Config", "Healthcheck"});
        CHECK(at(hc, {"Test"}) == json({"CMD", "true"}));
        CHECK(num(at(hc, {"Interval"})) == 2'000'000'000);
        CHECK(num(at(hc, {"Timeout"})) == 1'000'000'000);
        CHECK(num(at(hc, {"StartPeriod"})) == 1'000'000'000);
        CHECK(num(at(hc, {"Retries"})) == 3);
    }

    {  // HostConfig: resources, shm, ulimits, capabilities, init, extra hosts
        CHECK(num(at(c, {"HostConfig", "Memory"})) == 268'435'456);
        CHECK(num(at(c, {"HostConfig", "NanoCpus"})) == 500'000'000);
        CHECK(num(at(c, {"HostConfig", "PidsLimit"})) == 64);
        CHECK(num(at(c, {"HostConfig", "ShmSize"})) == 33'554'432);
        json ulimits = at(c, {"HostConfig", "Ulimits"});
        bool nofile = false;
        if (ulimits.is_array()) {
            for (const auto& u : ulimits) {
                if (str(at(u, {"Name"})) == "nofile") {
                    nofile = num(at(u, {"Soft"})) == 1024 && num(at(u, {"Hard"})) == 2048;
                }
            }
        }
        CHECK(nofile);
        CHECK(has(at(c, {"HostConfig", "CapDrop"}), "NET_RAW"));
        CHECK(has(at(c, {"HostConfig", "CapAdd"}), "SYS_PTRACE"));
        CHECK(at(c, {"HostConfig", "Init"}) == json(true));
        json hosts = at(c, {"HostConfig", "ExtraHosts"});
        CHECK((has(hosts, "db.example:10.1.2.3") || has(hosts, "db.example=10.1.2.3")));
    }

    {  // tmpfs /scratch of 8 MiB, mode 1770 (Tmpfs map or a tmpfs mount)
        TmpfsSeen scratch = tmpfs_of(c, "/scratch");
        CHECK(scratch.found);
        CHECK(scratch.size == std::optional<std::int64_t>(8 * 1024 * 1024));
        CHECK(scratch.mode == std::optional<std::uint32_t>(01770));
    }

    {  // volumes: ./data bound read-only from the spec's directory, a named and an anonymous volume
        json data = mount_at(c, "/data");
        CHECK(str(at(data, {"Type"})) == "bind");
        CHECK(at(data, {"RW"}) == json(false));
        std::error_code ec;
        fs::path expected = source_path("tests/integration/fixtures/all-keys/data");
        CHECK(fs::equivalent(str(at(data, {"Source"})), expected, ec));

        json cache = mount_at(c, "/cache");
        CHECK(str(at(cache, {"Type"})) == "volume");
        CHECK(at(cache, {"RW"}) == json(true));
        std::string cache_name = str(at(cache, {"Name"}));
        // Per run, never shared with another run of the same project (Compose: <project>_cache,
        // with the run id as Compose's project).
        CHECK_THAT(cache_name, Catch::Contains(run_id));
        CHECK_THAT(cache_name, Catch::Contains("cache"));
        json volume = read_json(dir / "volume.json");
        json labels = volume.is_array() && !volume.empty() ? at(volume[0], {"Labels"}) : json();
        INFO("docker volume inspect: " << volume.dump(2));
        CHECK(str(at(labels, {"dev.dtx.run"})) == run_id);
        CHECK(str(at(labels, {"dev.dtx.project"})) == project);

        json anon = mount_at(c, "/anon");
        CHECK(str(at(anon, {"Type"})) == "volume");
        std::string anon_name = str(at(anon, {"Name"}));
        CHECK_FALSE(anon_name.empty());

        // Teardown removed both: the named one by dtx, the anonymous one with its container.
        CHECK_FALSE(volume_exists(cache_name));
        CHECK_FALSE(volume_exists(anon_name));
    }

    {  // the service's network aliases, on the run's own network
        json networks = at(c, {"NetworkSettings", "Networks"});
        CHECK(networks.is_object());
        CHECK(networks.size() == 1);
        CHECK(networks.contains(network));
        json aliases = at(networks, {network.c_str(), "Aliases"});
        CHECK(has(aliases, "box"));
        CHECK(has(aliases, "boxalias"));
    }

    {  // seen from inside the container
        auto facts = read_facts(dir / "inside.txt");
        INFO("inside: " << slurp(dir / "inside.txt"));
        CHECK(facts["uid"] == "65534");
        CHECK(facts["gid"] == "65534");
        CHECK(facts["pwd"] == "/tmp");
        CHECK(facts["hostname"] == "boxhost");
        CHECK(facts["hello"] == "hello from the all-keys fixture");
        CHECK_THAT(facts["data_write"], Catch::Contains("Read-only file system"));
        CHECK_THAT(facts["data_options"], Catch::StartsWith("ro,") || Catch::Equals("ro"));
        CHECK_THAT(facts["db_example"], Catch::StartsWith("10.1.2.3 ") && Catch::Contains("db.example"));
        CHECK(facts["boxalias"] == "resolves");
        CHECK(facts["nofile_soft"] == "1024");
        CHECK(facts["nofile_hard"] == "2048");
        CHECK(facts["pid1"] == "docker-init");
        CHECK_THAT(facts["scratch"],
                   Catch::StartsWith("tmpfs ") && Catch::Contains("size=8192k") && Catch::Contains("mode=1770"));
        CHECK_THAT(facts["shm"], Catch::Contains("size=32768k"));
        // The bounding set: CAP_NET_RAW (13) dropped, CAP_SYS_PTRACE (19) added.
        std::uint64_t caps = 0;
        try {
            caps = std::stoull(facts["capbnd"], nullptr, 16);
        } catch (...) {
        }
        CHECK(caps != 0);
        CHECK((caps & (1ULL << 13)) == 0);
        CHECK((caps & (1ULL << 19)) != 0);
        CHECK(facts["greeting"] == "hello world");
        CHECK(facts["price"] == "$5");
        CHECK(facts["fallback"] == "fallback");
        CHECK(facts["cache"] == "mounted");
        CHECK(facts["anon"] == "mounted");
    }

    require_nothing_left(project);
}

TEST_CASE("a run of the all-keys fixture warns about no setting it does not apply", "[docker][run]") {
    std::string project = unique_project("allkeys-warn");
    auto r = run_dtx({"-p", project, "-f", fixture(), "run", "--", "true"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, !Catch::Contains("does not apply"));
    CHECK_THAT(r.err, !Catch::Contains("ignored"));  // an earlier wording of the same warning
    require_nothing_left(project);
}
