// The connection environment end to end: every variable proved with the real client it is meant
// for (psql, the mysql client, redis-cli, a memcached `version`, a URL parser), with a password that
// holds every character a URL reserves; and `dtx env` in each format for an environment `dtx up`
// started.
#include "fakes/temp_dir.hpp"
#include "support/checks.hpp"
#include "support/run_binary.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

using namespace dtx::test;
using dtx::fakes::TempDir;

namespace {

const std::string k_hard_password = "p@ss:w/rd%?#";

// `dtx -p PROJECT -f FIXTURE run -- sh -c SCRIPT`
RunResult run_script(const std::string& project, const std::string& name, const std::string& script) {
    return run_dtx({"-p", project, "-f", fixture(name), "run", "--", "sh", "-c", script});
}

// Prints the password, user, host, port and path a URL parser reads from the URL in variable `var`.
std::string parse_url(const std::string& var) {
    return "python3 -c 'import os, urllib.parse as u; p = u.urlsplit(os.environ[\"" + var +
           "\"]); print(u.unquote(p.password or \"\"), u.unquote(p.username or \"\"), p.hostname, p.port, p.path, "
           "sep=\"|\")'";
}

}  // namespace

TEST_CASE("PG variables and DATABASE_URL log psql in despite a password full of URL delimiters", "[docker][env]") {
    std::string project = unique_project("env-pg");
    auto r = run_script(project, "env-postgres",
                        "set -e; psql -v ON_ERROR_STOP=1 -tAc 'select current_user || current_database()'; "
                        "psql \"$DATABASE_URL\" -tAc 'select 2'; psql \"$DTX_DB_URL\" -tAc 'select 3'; " +
                            parse_url("DATABASE_URL") + "; printf '%s\\n' \"$PGPASSWORD\"");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("appshop\n2\n3\n"));
    CHECK_THAT(r.out, Catch::Contains(k_hard_password + "|app|127.0.0.1|"));
    CHECK_THAT(r.out, Catch::Contains("|/shop\n" + k_hard_password + "\n"));
    require_nothing_left(project);
}

TEST_CASE("x-dtx.export templates reach the command after the connection variables", "[docker][env]") {
    std::string project = unique_project("env-export");
    auto r = run_script(project, "env-postgres",
                        "set -e; printf '%s\\n' \"$JDBC_URL\" \"$DB_SERVICE\" \"$DTX_DB_PORT\" \"$DTX_RUN_ID\"; "
                        "psql \"$APP_DSN\" -tAc \"select current_setting('application_name')\"");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> lines;
    for (size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1) {
        lines.push_back(r.out.substr(at, end - at));
    }
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "jdbc:postgresql://127.0.0.1:" + lines[2] + "/shop?user=app");
    CHECK(lines[1] == "db in " + lines[3]);
    CHECK(lines[4] == lines[3]);  // the top-level template's {run}, passed on by libpq
    CHECK_THAT(r.err, !Catch::Contains("x-dtx.export"));
    require_nothing_left(project);
}

TEST_CASE("the mysql client logs in with MYSQL_* and DATABASE_URL parses back to the same login", "[docker][env]") {
    std::string project = unique_project("env-maria");
    auto r = run_script(project, "env-mariadb",
                        "set -e; mysql -u \"$MYSQL_USER\" --batch --skip-column-names "
                        "-e 'select current_user(), database()' \"$MYSQL_DATABASE\"; " +
                            parse_url("DATABASE_URL"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("app@%\tshop\n"));
    CHECK_THAT(r.out, Catch::Contains(k_hard_password + "|app|127.0.0.1|"));
    CHECK_THAT(r.out, Catch::EndsWith("|/shop\n"));
    require_nothing_left(project);
}

TEST_CASE("redis-cli authenticates with REDIS_URL and memcached answers version at MEMCACHED_SERVERS",
          "[docker][env]") {
    std::string project = unique_project("env-cache");
    auto r = run_dtx({"-p", project, "-f", fixture("env-redis-memcached"), "run", "--", "bash", "-c",
                      "set -e; redis-cli --no-auth-warning -u \"$REDIS_URL\" ping; " + parse_url("REDIS_URL") +
                          "; IFS=: read -r host port <<< \"$MEMCACHED_SERVERS\"; "
                          "exec 3<>\"/dev/tcp/$host/$port\"; printf 'version\\r\\n' >&3; timeout 5 head -n 1 <&3"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("PONG\n" + k_hard_password + "|default|127.0.0.1|"));
    CHECK_THAT(r.out, Catch::Contains("|/0\nVERSION "));
    require_nothing_left(project);
}

TEST_CASE("two postgres services get per-service variables, no PG variables or DATABASE_URL, and dtx says why",
          "[docker][env]") {
    std::string project = unique_project("env-two");
    auto r = run_script(project, "env-two-postgres",
                        "set -e; psql \"$DTX_DB_URL\" -tAc 'select 1'; psql \"$DTX_AUDIT_URL\" -tAc "
                        "'select current_database()'; echo \"${DATABASE_URL-unset} ${PGHOST-unset} "
                        "${PGPASSWORD-unset}\"");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "1\naudit\nunset unset unset\n");
    CHECK_THAT(r.err, Catch::Contains("DATABASE_URL, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE not set: 2 "
                                      "postgres services (audit, db); use DTX_AUDIT_URL / DTX_DB_URL"));
    require_nothing_left(project);
}

TEST_CASE("dtx env without an environment up exits 1 saying to run dtx up first", "[docker][env]") {
    std::string project = unique_project("env-none");
    auto r = run_dtx({"-p", project, "-f", fixture("env-postgres"), "env"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("project " + project + " has no environment running"));
    CHECK_THAT(r.err, Catch::Contains("dtx up -d"));
}

TEST_CASE("dtx env prints the up environment in every format, each one usable by its reader", "[docker][env]") {
    std::string project = unique_project("env-up");
    std::vector<std::string> global = {"-p", project, "-f", fixture("env-postgres")};
    auto dtx = [&](std::vector<std::string> args) {
        args.insert(args.begin(), global.begin(), global.end());
        return run_dtx(args);
    };
    // One `up` for all four formats (postgres takes seconds to initialise), removed whatever fails.
    struct Down {
        std::function<RunResult(std::vector<std::string>)> dtx;
        ~Down() { (void)dtx({"down", "-v"}); }
    } down{dtx};
    auto up = dtx({"up", "-d"});
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    TempDir dir;
    // Run by sh after the format's reader set the variables: only they tell psql where to go.
    const std::string check =
        "psql -v ON_ERROR_STOP=1 -tAc 'select current_user' && psql \"$DATABASE_URL\" -tAc 'select 1' && "
        "printf '%s\\n' \"$PGPASSWORD\" \"$DTX_RUN_ID\"\n";
    const std::string expected = "app\n1\n" + k_hard_password + "\n" + project + "\n";

    {
        INFO("sh: eval sets the variables, and only dtx's are printed");
        auto env = dtx({"env"});
        INFO(env.err);
        CHECK(env.exit_code == 0);
        CHECK_THAT(env.out, Catch::Contains("export PGPASSWORD='" + k_hard_password + "'\n"));
        CHECK_THAT(env.out, !Catch::Contains("export PATH="));
        auto r =
            run_shell("sh " + dir.write("sh.sh", "eval \"$(cat " + dir.write("env.sh", env.out) + ")\"\n" + check));
        INFO(r.err);
        CHECK(r.out == expected);
    }
    {
        INFO("dotenv: Compose's syntax, which a shell sourcing the file reads the same way for these values");
        auto env = dtx({"env", "--format", "dotenv"});
        CHECK(env.exit_code == 0);
        CHECK_THAT(env.out, Catch::Contains("PGPASSWORD=\"" + k_hard_password + "\"\n"));
        CHECK_THAT(env.out, Catch::Contains("DTX_RUN_ID=" + project + "\n"));
        auto r =
            run_shell("sh " + dir.write("dotenv.sh", "set -a\n. " + dir.write("test.env", env.out) + "\n" + check));
        INFO(r.err);
        CHECK(r.out == expected);
    }
    {
        INFO("json: one object a JSON parser reads");
        auto env = dtx({"env", "--format", "json"});
        CHECK(env.exit_code == 0);
        auto r = run_shell(
            "python3 -c 'import json, os, sys; d = json.load(open(sys.argv[1])); "
            "os.execvpe(\"sh\", [\"sh\", sys.argv[2]], {**os.environ, **d})' " +
            dir.write("env.json", env.out) + " " + dir.write("check.sh", check));
        INFO(r.err);
        CHECK(r.out == expected);
    }
    {
        INFO("github: the heredoc form $GITHUB_ENV takes, read as the runner reads it");
        auto env = dtx({"env", "--format", "github"});
        CHECK(env.exit_code == 0);
        CHECK_THAT(env.out, Catch::Contains("PGPASSWORD<<DTX_EOF_"));
        // The runner's reading: NAME<<DELIM, then the lines up to the one equal to DELIM.
        std::string reader =
            "import os, sys\n"
            "lines = open(sys.argv[1]).read().split('\\n'); d = {}; i = 0\n"
            "while i < len(lines) and lines[i]:\n"
            "    name, delim = lines[i].split('<<', 1); j = lines.index(delim, i + 1)\n"
            "    d[name] = '\\n'.join(lines[i + 1:j]); i = j + 1\n"
            "os.execvpe('sh', ['sh', sys.argv[2]], {**os.environ, **d})\n";
        auto r = run_shell("python3 " + dir.write("reader.py", reader) + " " + dir.write("github.env", env.out) + " " +
                           dir.write("check.sh", check));
        INFO(r.err);
        CHECK(r.out == expected);
    }
    CHECK(dtx({"down", "-v"}).exit_code == 0);
    require_nothing_left(project);
}
