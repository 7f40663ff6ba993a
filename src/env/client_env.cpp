#include "env/client_env.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <initializer_list>
#include <set>
#include <utility>

namespace dtx::env {

namespace {

using kind::Kind;
using Services = std::vector<const ServiceEndpoint*>;

// Localstack documents "test" as the key pair for its emulators, which take any key.
constexpr const char* k_any_key = "test";
// What the AWS SDKs and CLI assume when nothing names a region; the emulators' default too.
constexpr const char* k_default_region = "us-east-1";

// The services of `kinds` that the test command can reach, sorted by name.
Services of_kind(const std::vector<ServiceEndpoint>& endpoints, std::initializer_list<Kind> kinds) {
    Services out;
    for (const auto& e : endpoints) {
        if (std::find(kinds.begin(), kinds.end(), e.kind) != kinds.end() && main_host_port(e)) {
            out.push_back(&e);
        }
    }
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->service < b->service; });
    return out;
}

// "2 postgres services (audit, db); use DTX_AUDIT_URL / DTX_DB_URL"
std::string ambiguity(const Services& services, const std::string& what, const char* suffix) {
    std::string names;
    std::string alternatives;
    for (const auto* s : services) {
        names += (names.empty() ? "" : ", ") + s->service;
        alternatives += (alternatives.empty() ? "" : " / ") + fmt::format("DTX_{}_{}", env_key(s->service), suffix);
    }
    return fmt::format("{} {} ({}); use {}", services.size(), what, names, alternatives);
}

void note(ConnectionEnv& out, const std::string& vars, const Services& services, const std::string& what,
          const char* suffix = "URL") {
    out.notes.push_back(fmt::format("{} not set: {}", vars, ambiguity(services, what, suffix)));
}

// Two services of one kind are often a server and a client run from the server's image (a
// migration with `command: psql …`): that one can say it is no server.
void note_same_kind(ConnectionEnv& out, const std::string& vars, const Services& services, const std::string& what,
                    const char* suffix = "URL") {
    note(out, vars, services, what, suffix);
    out.notes.back() += ", or give the one that is only a client x-dtx.kind: generic";
}

// PG* and the MYSQL_* group, with DATABASE_URL named in the same note when the ambiguity is the same.
void add_sql(const std::vector<ServiceEndpoint>& endpoints, ConnectionEnv& out) {
    Services pg = of_kind(endpoints, {Kind::postgres});
    Services my = of_kind(endpoints, {Kind::mysql});
    Services sql = of_kind(endpoints, {Kind::postgres, Kind::mysql});
    bool database_url_noted = false;
    auto prefix = [&](const Services& group) {
        bool same = sql.size() > 1 && group.size() == sql.size();
        database_url_noted = database_url_noted || same;
        return same ? "DATABASE_URL, " : "";
    };
    if (pg.size() == 1) {
        const auto& e = *pg.front();
        const auto& c = e.credentials;
        out.vars.insert(out.vars.end(), {{"PGHOST", e.host},
                                         {"PGPORT", std::to_string(*main_host_port(e))},
                                         {"PGUSER", c.user},
                                         {"PGPASSWORD", c.password},
                                         {"PGDATABASE", c.database}});
    } else if (pg.size() > 1) {
        note_same_kind(out, std::string(prefix(pg)) + "PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE", pg,
                       "postgres services");
    }
    if (my.size() == 1) {
        // The mysql client reads host, port and password; MYSQL_USER and MYSQL_DATABASE are for the
        // frameworks that read them, and for `mysql -u "$MYSQL_USER" "$MYSQL_DATABASE"`.
        const auto& e = *my.front();
        const auto& c = e.credentials;
        out.vars.insert(out.vars.end(), {{"MYSQL_HOST", e.host},
                                         {"MYSQL_TCP_PORT", std::to_string(*main_host_port(e))},
                                         {"MYSQL_PWD", c.password},
                                         {"MYSQL_USER", c.user},
                                         {"MYSQL_DATABASE", c.database}});
    } else if (my.size() > 1) {
        note_same_kind(out,
                       std::string(prefix(my)) + "MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_PWD, MYSQL_USER, MYSQL_DATABASE",
                       my, "MySQL/MariaDB services");
    }
    if (sql.size() == 1) {
        out.vars.emplace_back("DATABASE_URL", service_url(*sql.front()));
    } else if (sql.size() > 1 && !database_url_noted) {
        note_same_kind(out, "DATABASE_URL", sql, "SQL databases");
    }
}

void add_caches(const std::vector<ServiceEndpoint>& endpoints, ConnectionEnv& out) {
    Services redis = of_kind(endpoints, {Kind::redis});
    if (redis.size() == 1) {
        out.vars.emplace_back("REDIS_URL", service_url(*redis.front()));
    } else if (redis.size() > 1) {
        note_same_kind(out, "REDIS_URL", redis, "redis services");
    }
    Services memcached = of_kind(endpoints, {Kind::memcached});
    if (memcached.size() == 1) {
        const auto& e = *memcached.front();
        out.vars.emplace_back("MEMCACHED_SERVERS", host_and_port(e.host, *main_host_port(e)));
    } else if (memcached.size() > 1) {
        note_same_kind(out, "MEMCACHED_SERVERS", memcached, "memcached services", "ADDR");
    }
}

// Keys: the one pair the services that check keys (minio) agree on; "test" when every one takes
// any key. A region: the one the services name, else us-east-1. AWS_DEFAULT_REGION too, since
// boto3 and the older SDKs read only that name.
void add_aws_login(const Services& aws, ConnectionEnv& out) {
    std::set<std::pair<std::string, std::string>> keys;
    std::set<std::string> regions;
    std::string checking;  // the services that check keys
    for (const auto* s : aws) {
        const auto& c = s->credentials;
        if (!c.user.empty() || !c.password.empty()) {
            keys.emplace(c.user, c.password);
            checking += (checking.empty() ? "" : ", ") + s->service;
        }
        if (!c.region.empty()) {
            regions.insert(c.region);
        }
    }
    if (keys.size() > 1) {
        out.notes.push_back(fmt::format(
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY not set: {} want different keys; set them in a top-level "
            "x-dtx.export",
            checking));
    } else {
        auto [id, secret] = keys.empty() ? std::pair<std::string, std::string>(k_any_key, k_any_key) : *keys.begin();
        out.vars.insert(out.vars.end(), {{"AWS_ACCESS_KEY_ID", id}, {"AWS_SECRET_ACCESS_KEY", secret}});
    }
    if (regions.size() > 1) {
        out.notes.emplace_back(
            "AWS_REGION, AWS_DEFAULT_REGION not set: the s3/dynamodb services name different regions; set them in "
            "a top-level x-dtx.export");
    } else {
        std::string region = regions.empty() ? k_default_region : *regions.begin();
        out.vars.insert(out.vars.end(), {{"AWS_REGION", region}, {"AWS_DEFAULT_REGION", region}});
    }
}

void add_aws(const std::vector<ServiceEndpoint>& endpoints, ConnectionEnv& out) {
    Services s3 = of_kind(endpoints, {Kind::s3});
    Services dynamodb = of_kind(endpoints, {Kind::dynamodb});
    Services aws = of_kind(endpoints, {Kind::s3, Kind::dynamodb});
    // One note for AWS_ENDPOINT_URL and the kind's own variable when the same services are meant.
    auto covers_all = [&](const Services& group) { return aws.size() > 1 && group.size() == aws.size(); };
    if (s3.size() == 1) {
        out.vars.emplace_back("AWS_ENDPOINT_URL_S3", service_url(*s3.front()));
    } else if (s3.size() > 1) {
        note_same_kind(out, std::string(covers_all(s3) ? "AWS_ENDPOINT_URL, " : "") + "AWS_ENDPOINT_URL_S3", s3,
                       "s3 services");
    }
    if (dynamodb.size() == 1) {
        out.vars.emplace_back("AWS_ENDPOINT_URL_DYNAMODB", service_url(*dynamodb.front()));
    } else if (dynamodb.size() > 1) {
        note_same_kind(out, std::string(covers_all(dynamodb) ? "AWS_ENDPOINT_URL, " : "") + "AWS_ENDPOINT_URL_DYNAMODB",
                       dynamodb, "dynamodb services");
    }
    if (aws.size() == 1) {
        out.vars.emplace_back("AWS_ENDPOINT_URL", service_url(*aws.front()));
    } else if (aws.size() > 1 && !covers_all(s3) && !covers_all(dynamodb)) {
        // Each SDK prefers the service's own variable, so one s3 and one dynamodb emulator still work.
        note(out, "AWS_ENDPOINT_URL", aws, "s3/dynamodb services");
    }
    if (!aws.empty()) {
        add_aws_login(aws, out);
    }
}

}  // namespace

void add_client_env(const std::vector<ServiceEndpoint>& endpoints, ConnectionEnv& out) {
    add_sql(endpoints, out);
    add_caches(endpoints, out);
    add_aws(endpoints, out);
}

}  // namespace dtx::env
