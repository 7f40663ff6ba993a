#include "kind/kind.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace dtx::kind {

namespace {

// The repository's last path component, without tag or digest: "docker.io/library/postgres:16" -> "postgres".
std::string repository_name(const std::string& image) {
    std::string name = image.substr(0, image.find('@'));
    auto slash = name.rfind('/');
    auto colon = name.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        name.erase(colon);
    }
    slash = name.rfind('/');
    return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string first_of(const std::map<std::string, std::string>& env, std::initializer_list<const char*> keys,
                     const std::string& fallback) {
    for (const char* key : keys) {
        if (auto it = env.find(key); it != env.end() && !it->second.empty()) {
            return it->second;
        }
    }
    return fallback;
}

struct KindInfo {
    Kind kind = Kind::generic;
    const char* name = "";
    std::optional<std::uint16_t> port;  // where the server listens in the official image
};

constexpr std::array<KindInfo, 8> k_kinds = {{
    {Kind::generic, "generic", std::nullopt},
    {Kind::postgres, "postgres", 5432},
    {Kind::mysql, "mysql", 3306},
    {Kind::redis, "redis", 6379},
    {Kind::memcached, "memcached", 11211},
    {Kind::s3, "s3", 9000},              // minio; localstack's 4566 is found as its first port
    {Kind::dynamodb, "dynamodb", 8000},  // amazon/dynamodb-local
    {Kind::http, "http", 8080},          // wiremock; mockserver's 1080 is found as its first port
}};

const KindInfo& info(Kind kind) {
    for (const auto& k : k_kinds) {
        if (k.kind == kind) {
            return k;
        }
    }
    return k_kinds.front();
}

bool is_minio(const std::string& image, const std::map<std::string, std::string>& env) {
    if (repository_name(image).starts_with("minio")) {
        return true;
    }
    return !first_of(env, {"MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY"}, "")
                .empty();
}

// minio checks the keys: its root user is the access key (MINIO_ACCESS_KEY/SECRET_KEY before 2021),
// minioadmin/minioadmin when the service sets none.
Credentials minio_credentials(const std::map<std::string, std::string>& env) {
    Credentials c;
    c.user = first_of(env, {"MINIO_ROOT_USER", "MINIO_ACCESS_KEY"}, "minioadmin");
    c.password = first_of(env, {"MINIO_ROOT_PASSWORD", "MINIO_SECRET_KEY"}, "minioadmin");
    c.region = first_of(env, {"MINIO_REGION", "MINIO_REGION_NAME"}, "");
    return c;
}

// "/usr/local/bin/psql" -> "psql"
std::string program_name(const std::string& word) {
    auto slash = word.rfind('/');
    return slash == std::string::npos ? word : word.substr(slash + 1);
}

bool is_server_program(Kind kind, const std::string& program) {
    switch (kind) {
    case Kind::postgres:
        return program == "postgres";
    case Kind::mysql:
        return program == "mysqld" || program == "mariadbd";
    case Kind::redis:
        return program == "redis-server" || program == "valkey-server" || program == "redis-stack-server";
    case Kind::memcached:
        return program == "memcached";
    case Kind::generic:
    case Kind::s3:
    case Kind::dynamodb:
    case Kind::http:
        break;
    }
    return false;
}

}  // namespace

bool replaces_server(Kind kind, const std::optional<std::vector<std::string>>& entrypoint,
                     const std::optional<std::vector<std::string>>& command) {
    if (kind != Kind::postgres && kind != Kind::mysql && kind != Kind::redis && kind != Kind::memcached) {
        return false;
    }
    std::vector<std::string> argv;
    if (entrypoint && !entrypoint->empty()) {
        std::string first = program_name(entrypoint->front());
        if (is_server_program(kind, first)) {
            return false;
        }
        if (!first.starts_with("docker-entrypoint")) {
            return true;
        }
        // The official images' entrypoint script runs the server, or whatever it is given.
        argv.assign(entrypoint->begin() + 1, entrypoint->end());
    }
    if (argv.empty() && command) {
        argv = *command;
    }
    if (argv.empty() || argv.front().starts_with("-")) {
        return false;  // the image's CMD, or flags the entrypoint script hands to the server
    }
    return !is_server_program(kind, program_name(argv.front()));
}

Kind detect_kind(const std::string& image) {
    static const std::array<std::pair<const char*, Kind>, 13> k_prefixes = {{
        {"postgres", Kind::postgres},  // postgres, postgresql, postgis-less variants
        {"postgis", Kind::postgres},
        {"timescaledb", Kind::postgres},
        {"mysql", Kind::mysql},
        {"mariadb", Kind::mysql},
        {"redis", Kind::redis},
        {"valkey", Kind::redis},
        {"memcached", Kind::memcached},
        {"minio", Kind::s3},
        {"localstack", Kind::s3},
        {"dynamodb-local", Kind::dynamodb},
        {"mockserver", Kind::http},
        {"wiremock", Kind::http},
    }};
    std::string name = repository_name(image);
    if (name.find("exporter") != std::string::npos) {
        return Kind::generic;  // postgres-exporter, redis_exporter…: HTTP services named after a database
    }
    for (const auto& [prefix, kind] : k_prefixes) {
        if (name.starts_with(prefix)) {
            return kind;
        }
    }
    return Kind::generic;
}

std::optional<ImageEnvKind> kind_from_image_env(const std::vector<std::string>& env) {
    static const std::array<std::pair<std::string_view, Kind>, 8> k_variables = {{
        {"PG_MAJOR", Kind::postgres},
        {"PG_VERSION", Kind::postgres},
        {"MARIADB_VERSION", Kind::mysql},
        {"MARIADB_MAJOR", Kind::mysql},
        {"MYSQL_VERSION", Kind::mysql},
        {"MYSQL_MAJOR", Kind::mysql},
        {"REDIS_VERSION", Kind::redis},
        {"MEMCACHED_VERSION", Kind::memcached},
    }};
    for (const auto& [variable, kind] : k_variables) {
        for (const auto& entry : env) {
            if (entry.size() > variable.size() && entry.starts_with(variable) && entry[variable.size()] == '=') {
                return ImageEnvKind{kind, std::string(variable)};
            }
        }
    }
    return std::nullopt;
}

const char* kind_name(Kind kind) {
    return info(kind).name;
}

std::optional<Kind> kind_named(const std::string& name) {
    if (name == "none") {
        return Kind::generic;
    }
    for (const auto& k : k_kinds) {
        if (name == k.name) {
            return k.kind;
        }
    }
    return std::nullopt;
}

bool speaks_http(Kind kind) {
    return kind == Kind::s3 || kind == Kind::dynamodb || kind == Kind::http;
}

std::optional<std::uint16_t> default_port(Kind kind) {
    return info(kind).port;
}

Credentials credentials_for(Kind kind, const std::map<std::string, std::string>& env,
                            const std::vector<std::string>& command, const std::string& image) {
    Credentials c;
    switch (kind) {
    case Kind::postgres:
        c.user = first_of(env, {"POSTGRES_USER"}, "postgres");
        c.password = first_of(env, {"POSTGRES_PASSWORD"}, "");
        c.database = first_of(env, {"POSTGRES_DB"}, c.user);
        break;
    case Kind::mysql: {
        std::string user = first_of(env, {"MYSQL_USER", "MARIADB_USER"}, "");
        std::string password = first_of(env, {"MYSQL_PASSWORD", "MARIADB_PASSWORD"}, "");
        if (user.empty() || password.empty()) {
            user = "root";
            password = first_of(env, {"MYSQL_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD"}, "");
        }
        c.user = user;
        c.password = password;
        c.database = first_of(env, {"MYSQL_DATABASE", "MARIADB_DATABASE"}, "");
        break;
    }
    case Kind::redis:
        c.password = first_of(env, {"REDIS_PASSWORD"}, "");
        for (size_t i = 0; i + 1 < command.size(); ++i) {
            if (command[i] == "--requirepass") {
                c.password = command[i + 1];
            }
        }
        break;
    case Kind::s3:
        c = is_minio(image, env) ? minio_credentials(env) : Credentials{};
        c.region = c.region.empty() ? first_of(env, {"AWS_REGION", "AWS_DEFAULT_REGION"}, "") : c.region;
        break;
    case Kind::dynamodb:
        c.region = first_of(env, {"AWS_REGION", "AWS_DEFAULT_REGION"}, "");
        break;
    case Kind::memcached:
    case Kind::http:
    case Kind::generic:
        break;
    }
    return c;
}

}  // namespace dtx::kind
