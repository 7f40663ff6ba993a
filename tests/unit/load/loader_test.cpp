// Project-level loading: file discovery, project name, and the errors and warnings a spec can give.
#include "load/loader.hpp"
#include "util/error.hpp"

#include "fakes/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace dtx::load;
using dtx::SpecError;
using dtx::compose::Service;
using dtx::fakes::TempDir;

namespace {

constexpr const char* k_minimal = "services:\n  db:\n    image: postgres\n";

LoadOptions options_for(const TempDir& dir, const std::string& file, std::string project_name = "") {
    return LoadOptions{{file}, std::move(project_name), dir.path(), {}, {}, {}};
}

// The SpecError message of loading `yaml` as compose.yaml; `file` receives the spec's path.
std::string load_error(const std::string& yaml, std::string* file = nullptr) {
    TempDir dir;
    std::string path = dir.write("compose.yaml", yaml);
    if (file != nullptr) {
        *file = path;
    }
    try {
        (void)load_project(options_for(dir, path));
    } catch (const SpecError& e) {
        return e.what();
    }
    FAIL("no SpecError for:\n" << yaml);
    return "";
}

}  // namespace

TEST_CASE("the project name comes from name:", "[spec]") {
    TempDir dir;
    auto r = load_project(options_for(dir, dir.write("compose.yaml", std::string("name: shop\n") + k_minimal)));
    CHECK(r.project.name == "shop");
}

TEST_CASE("a -p project name overrides the name: key", "[spec]") {
    TempDir dir;
    auto r =
        load_project(options_for(dir, dir.write("compose.yaml", std::string("name: shop\n") + k_minimal), "other"));
    CHECK(r.project.name == "other");
}

TEST_CASE("without name: or -p the project is named after its directory, normalised", "[spec]") {
    TempDir dir("My Shop_2");
    auto r = load_project(options_for(dir, dir.write("compose.yaml", k_minimal)));
    CHECK(r.project.name == "myshop_2");
    CHECK(r.project.directory == std::filesystem::absolute(dir.path()).string());
}

TEST_CASE("an invalid name: is an error at its location", "[spec]") {
    std::string file;
    std::string message = load_error(std::string("name: My_Shop\n") + k_minimal, &file);
    CHECK_THAT(message, Catch::StartsWith(file + ":1:7: name: project name \"My_Shop\" must be lowercase"));
}

TEST_CASE("an invalid -p is an error naming the flag", "[spec]") {
    TempDir dir;
    CHECK_THROWS_WITH(load_project(options_for(dir, dir.write("compose.yaml", k_minimal), "Bad Name")),
                      Catch::StartsWith("-p/--project-name: project name \"Bad Name\""));
}

TEST_CASE("the loaded project records its file and the fingerprint of its text", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", k_minimal);
    auto r = load_project(options_for(dir, file));
    CHECK(r.project.file == file);
    CHECK(r.project.content_hash.size() == 16);
    CHECK(load_project(options_for(dir, file)).project.content_hash == r.project.content_hash);
}

TEST_CASE("an unknown service key is an error with file:line:column and a suggestion", "[spec]") {
    std::string file;
    std::string message = load_error("services:\n  db:\n    image: postgres\n    helthcheck:\n      test: x\n", &file);
    CHECK(message == file + ":4:5: services.db.helthcheck: unknown key \"helthcheck\"; did you mean \"healthcheck\"?");
}

TEST_CASE("an unknown service key without a close match points to the manual", "[spec]") {
    std::string message = load_error("services:\n  db:\n    image: postgres\n    zzzzzzzz: 1\n");
    CHECK_THAT(message,
               Catch::Contains("services.db.zzzzzzzz: unknown key \"zzzzzzzz\"; see the Compose service keys"));
}

TEST_CASE("an unknown top-level key is an error with a suggestion", "[spec]") {
    std::string file;
    std::string message = load_error("servics:\n  db:\n    image: postgres\n", &file);
    CHECK_THAT(message, Catch::StartsWith(
                            file + ":1:1: servics: unknown top-level key \"servics\"; did you mean \"services\"?\n"));
}

TEST_CASE("a service without an image is an error at the service", "[spec]") {
    std::string file;
    std::string message = load_error("services:\n  db:\n    command: postgres\n", &file);
    CHECK(message == file + ":3:5: services.db: no image and no build; add \"image: NAME[:TAG]\" or \"build: DIR\"");
}

TEST_CASE("a service with only build: is valid and its context resolves against the spec's directory", "[spec]") {
    TempDir dir;
    std::string file =
        dir.write("compose.yaml", "services:\n  app:\n    build:\n      context: ./app\n      target: test\n");
    auto r = load_project(options_for(dir, file));
    const Service* app = r.project.find("app");
    REQUIRE(app != nullptr);
    REQUIRE(app->build.has_value());
    CHECK(app->build->context == r.project.directory + "/app");
    CHECK(app->build->dockerfile == "Dockerfile");
    CHECK(app->build->target == "test");
}

TEST_CASE("depends_on an unknown service is an error listing the defined services", "[spec]") {
    std::string file;
    std::string message = load_error(
        "services:\n  app:\n    image: nginx\n    depends_on:\n      - cache\n  db:\n    image: postgres\n", &file);
    CHECK(message == file + ":5:9: services.app.depends_on.cache: unknown service \"cache\"; the file defines app, db");
}

TEST_CASE("a dependency cycle is an error spelling out the cycle", "[spec]") {
    std::string file;
    std::string message = load_error(
        "services:\n  a:\n    image: nginx\n    depends_on: [b]\n  b:\n    image: nginx\n    depends_on: [a]\n", &file);
    CHECK_THAT(message, Catch::Contains("dependency cycle a -> b -> a; remove one of these dependencies"));
    CHECK_THAT(message, Catch::StartsWith(file + ":") && Catch::Contains("services.a.depends_on"));
}

TEST_CASE("a dependency cycle error names the line and column of a dependency on it", "[spec]") {
    // loader.hpp promises file:line:column for every SpecError, a cycle included.
    std::string file;
    std::string message = load_error(
        "services:\n  a:\n    image: nginx\n    depends_on: [b]\n  b:\n    image: nginx\n    depends_on: [a]\n", &file);
    CHECK_THAT(message, Catch::StartsWith(file + ":4:18: services.a.depends_on: dependency cycle a -> b -> a"));
}

TEST_CASE("a service depending on itself is a cycle", "[spec]") {
    CHECK_THAT(load_error("services:\n  a:\n    image: nginx\n    depends_on: [a]\n"),
               Catch::Contains("dependency cycle a -> a"));
}

TEST_CASE("a YAML syntax error names the file, line and column", "[spec]") {
    std::string file;
    std::string message = load_error("services:\n  db:\n    image: [postgres\n", &file);
    CHECK_THAT(message, Catch::Matches(".*compose\\.yaml:[0-9]+:[0-9]+: YAML syntax error: .+"));
    CHECK_THAT(message, Catch::StartsWith(file + ":"));
}

TEST_CASE("an empty spec file is an error saying so", "[spec]") {
    std::string file;
    std::string message = load_error("", &file);
    CHECK(message == file + ": the spec file is empty; it needs at least \"services:\" with one service");
    CHECK_THAT(load_error("# only a comment\n"), Catch::Contains("the spec file is empty"));
}

TEST_CASE("a spec that is not a mapping is an error", "[spec]") {
    std::string file;
    std::string message = load_error("- db\n- cache\n", &file);
    CHECK(message == file + ":1:1: (top level): the spec must be a mapping with a \"services:\" key");
}

TEST_CASE("a spec without services is an error", "[spec]") {
    CHECK_THAT(load_error("name: shop\n"), Catch::Contains("services: no services; define at least one"));
    CHECK_THAT(load_error("services: {}\n"), Catch::Contains("services: no services"));
}

TEST_CASE("a service name with a space is an error", "[spec]") {
    CHECK_THAT(load_error("services:\n  my db:\n    image: postgres\n"),
               Catch::Contains("services.my db: a service name may use letters, digits"));
}

TEST_CASE("a Compose key dtx ignores gives a warning naming it", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", "services:\n  db:\n    image: postgres\n    restart: always\n");
    auto r = load_project(options_for(dir, file));
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == file + ":4:5: services.db.restart: dtx does not act on this Compose key; it is ignored");
}

TEST_CASE("an ignored top-level key gives a warning naming it", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", std::string(k_minimal) + "configs:\n  data: {}\n");
    auto r = load_project(options_for(dir, file));
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::StartsWith(file + ":4:1: configs: dtx does not act on this Compose key"));
}

TEST_CASE("a missing spec file is an error naming it", "[spec]") {
    TempDir dir;
    std::string file = dir.path() + "/nope.yaml";
    CHECK_THROWS_WITH(load_project(options_for(dir, file)), file + ": cannot read the spec file: no such file");
}

TEST_CASE("a second -f file that does not exist is an error naming it", "[spec]") {
    TempDir dir;
    std::string first = dir.write("compose.yaml", k_minimal);
    std::string second = dir.path() + "/override.yaml";
    CHECK_THROWS_WITH(load_project(LoadOptions{{first, second}, "", dir.path(), {}, {}, {}}),
                      second + ": cannot read the spec file: no such file");
}

TEST_CASE("without -f the spec is discovered in the working directory", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", k_minimal);
    auto r = load_project(LoadOptions{{}, "", dir.path(), {}, {}, {}});
    CHECK(r.project.file == file);
}

TEST_CASE("without -f and without a spec file the error lists the names looked for", "[spec]") {
    TempDir dir;
    CHECK_THROWS_WITH(load_project(LoadOptions{{}, "", dir.path(), {}, {}, {}}),
                      Catch::StartsWith("no spec file in " + dir.path()) && Catch::Contains("or pass -f FILE"));
}

TEST_CASE("discovery prefers dtx.yaml over every Compose file name", "[spec]") {
    TempDir dir;
    for (const char* name : {"docker-compose.yml", "compose.yaml", "docker-compose.test.yml", "compose.test.yaml",
                             "dtx.yml", "dtx.yaml"}) {
        dir.write(name, k_minimal);
    }
    CHECK(discover_spec(dir.path()) == dir.path() + "/dtx.yaml");
}

TEST_CASE("discovery follows dtx.yml, compose.test.yaml, docker-compose.test.yml, compose.yaml, docker-compose.yml",
          "[spec]") {
    const std::vector<std::string> order = {
        "dtx.yaml", "dtx.yml", "compose.test.yaml", "docker-compose.test.yml", "compose.yaml", "docker-compose.yml"};
    for (size_t first = 0; first < order.size(); ++first) {
        TempDir dir;
        for (size_t i = first; i < order.size(); ++i) {
            dir.write(order[i], k_minimal);
        }
        INFO("present from " << order[first]);
        CHECK(discover_spec(dir.path()) == dir.path() + "/" + order[first]);
    }
}

TEST_CASE("discovery finds nothing in a directory without a spec", "[spec]") {
    TempDir dir;
    dir.write("README.md", "hello");
    std::filesystem::create_directory(std::filesystem::path(dir.path()) / "compose.yaml");  // a directory, not a file
    CHECK(discover_spec(dir.path()).empty());
}

TEST_CASE("normalising a project name lowercases and drops what Compose does not allow", "[spec]") {
    CHECK(normalize_project_name("My Shop") == "myshop");
    CHECK(normalize_project_name("shop-api_v2") == "shop-api_v2");
    CHECK(normalize_project_name("App.Server") == "appserver");
}

TEST_CASE("a normalised project name starts with a letter or digit", "[spec]") {
    CHECK(normalize_project_name("-_-web") == "web");
    CHECK(normalize_project_name("_1x") == "1x");
}

TEST_CASE("a name with nothing usable normalises to empty", "[spec]") {
    CHECK(normalize_project_name("").empty());
    CHECK(normalize_project_name("...").empty());
    CHECK(normalize_project_name("-_").empty());
}

TEST_CASE("include: is an error at the key saying it is not supported and giving the -f files instead", "[spec]") {
    std::string file;
    std::string message =
        load_error(std::string(k_minimal) + "include:\n  - ../common/compose.yaml\n  - path: db/compose.yaml\n", &file);
    CHECK(message == file +
                         ":4:1: include: not supported yet; list the files with repeated -f instead: "
                         "dtx -f compose.yaml -f ../common/compose.yaml -f db/compose.yaml (relative paths in every "
                         "file then resolve against the first file's directory)");
}

TEST_CASE("include: in a file given with -f after the first is an error at its own file", "[spec]") {
    TempDir dir;
    std::string first = dir.write("compose.yaml", k_minimal);
    std::string second = dir.write("more.yaml", "include: [other.yaml]\n");
    CHECK_THROWS_WITH(load_project(LoadOptions{{first, second}, "", dir.path(), {}, {}, {}}),
                      Catch::StartsWith(second + ":1:1: include: not supported yet"));
}

TEST_CASE("a service setting indented as a service is an error saying to indent it under its service", "[spec]") {
    std::string file;
    std::string message =
        load_error("services:\n  db:\n    image: postgres\n  environment:\n    POSTGRES_PASSWORD: x\n", &file);
    CHECK(message == file +
                         ":4:3: services.environment: \"environment\" looks like a service setting, not a service; "
                         "indent it under its service (\"db\", line 2)");
    CHECK_THAT(load_error("services:\n  db:\n    image: postgres\n  ports: [\"5432\"]\n"),
               Catch::Contains("services.ports: \"ports\" looks like a service setting"));
}

TEST_CASE("a service named like a service setting is a service when it has an image", "[spec]") {
    TempDir dir;
    auto r = load_project(options_for(dir, dir.write("compose.yaml", "services:\n  init:\n    image: busybox\n")));
    CHECK(r.project.find("init") != nullptr);
}

TEST_CASE("a key with control bytes is echoed with escapes in its error", "[spec]") {
    std::string message = load_error("services:\n  db:\n    image: x\n    \"bad\\x01key\\e[31m\": 1\n");
    CHECK_THAT(message, Catch::Contains("unknown key \"bad\\x01key\\x1b[31m\""));
    CHECK(message.find('\x01') == std::string::npos);
    CHECK(message.find('\x1b') == std::string::npos);
}

TEST_CASE("a key one column off its siblings is an error naming both, through the loader", "[spec]") {
    std::string file;
    std::string message = load_error("services:\n  db:\n    image: postgres:16\n   ports: [\"5432\"]\n", &file);
    CHECK(message == file +
                         ":4:4: \"ports\" at column 4 is not aligned with \"image\" at line 3, column 5; start the "
                         "keys of one mapping in the same column");
}

TEST_CASE("a service extended from another file with a lone relative volume is an error, not a crash", "[load]") {
    TempDir dir;
    dir.write("base.yml", "services:\n  base:\n    image: postgres\n    volumes: [\"./data\", \"./conf:/etc/conf\"]\n");
    std::string file =
        dir.write("compose.yaml", "services:\n  db:\n    extends:\n      file: base.yml\n      service: base\n");
    LoadResult r;
    REQUIRE_NOTHROW(r = load_spec(options_for(dir, file)));
    REQUIRE_FALSE(r.errors.empty());
    CHECK_THAT(r.errors.front(), Catch::Contains("./data"));
}

TEST_CASE("external volumes and networks in every form: external: true, name:, and external: {name: x}", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", R"(name: shop
services:
  db:
    image: postgres
volumes:
  plain: {external: true}
  renamed: {external: true, name: team_data}
  old_style:
    external: {name: legacy_data}
  own: {name: fixed_name}
networks:
  shared:
    external:
      name: ci_net
)");
    auto r = load_project(options_for(dir, file));
    const auto& volumes = r.project.volumes;
    CHECK(volumes.at("plain").name == "plain");
    CHECK(volumes.at("plain").external);
    CHECK(volumes.at("renamed").name == "team_data");
    CHECK(volumes.at("old_style").name == "legacy_data");
    CHECK(volumes.at("old_style").external);
    CHECK(volumes.at("own").name == "fixed_name");
    CHECK_FALSE(volumes.at("own").external);
    CHECK(r.project.networks.at("shared").name == "ci_net");
    CHECK(r.project.networks.at("shared").external);
    REQUIRE(r.warnings.size() == 2);
    CHECK_THAT(r.warnings[0], Catch::Contains("external.name is deprecated; write name: beside external: true"));
}

TEST_CASE("links, network_mode, ipc, pid and volumes_from make the service depend on the one they name", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", R"(services:
  db: {image: postgres}
  web:
    image: nginx
    links: ["db:database"]
    volumes_from: [db]
    depends_on:
      db: {condition: service_healthy}
  probe:
    image: busybox
    network_mode: service:web
    pid: service:db
)");
    auto r = load_project(options_for(dir, file));
    const Service& web = *r.project.find("web");
    // The explicit depends_on entry wins over the ones links and volumes_from imply.
    REQUIRE(web.depends_on.size() == 1);
    CHECK(web.depends_on[0].condition == dtx::compose::Condition::healthy);
    CHECK(web.links[0].alias == "database");
    const Service& probe = *r.project.find("probe");
    REQUIRE(probe.depends_on.size() == 2);
    CHECK(probe.depends_on[0].service == "web");
    CHECK(probe.depends_on[0].implied_by == "network_mode");
    CHECK(probe.depends_on[0].restart);
    CHECK(probe.depends_on[1].service == "db");
}

TEST_CASE("a link, volumes_from or service: mode naming no service is an error at its location", "[spec]") {
    std::string file;
    std::string error = load_error("services:\n  web:\n    image: nginx\n    links: [dbx]\n", &file);
    CHECK_THAT(error, Catch::Contains(file + ":4:13: services.web.links: unknown service \"dbx\""));
    CHECK_THAT(load_error("services:\n  web:\n    image: nginx\n    volumes_from: [\"db:rx\"]\n"),
               Catch::Contains("unknown access mode \"rx\" in \"db:rx\"; use ro or rw"));
    CHECK_THAT(load_error("services:\n  web:\n    image: nginx\n    network_mode: \"service:\"\n"),
               Catch::Contains("\"service:\" names nothing"));
}

TEST_CASE("a remote build context is kept as written, and dockerfile_inline needs a local one", "[spec]") {
    TempDir dir;
    std::string file = dir.write("compose.yaml", R"(services:
  app:
    build: {context: "https://github.com/acme/app.git#v1.4:docker", dockerfile: Dockerfile.test}
  tools:
    build: {context: ., dockerfile_inline: "FROM busybox\n"}
)");
    auto r = load_project(options_for(dir, file));
    const auto& app = *r.project.find("app")->build;
    CHECK(app.remote);
    CHECK(app.context == "https://github.com/acme/app.git#v1.4:docker");
    const auto& tools = *r.project.find("tools")->build;
    CHECK_FALSE(tools.remote);
    CHECK(tools.context == dir.path());
    CHECK(tools.dockerfile_inline == "FROM busybox\n");
    CHECK_THAT(load_error("services:\n  app:\n    build:\n      context: git@github.com:acme/app.git\n"
                          "      dockerfile_inline: FROM busybox\n"),
               Catch::Contains("dockerfile_inline needs a local context"));
}
