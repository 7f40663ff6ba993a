#pragma once
// What a service is, from its image name, and how its clients log in.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dtx::kind {

// s3, dynamodb and http are emulators and mocks spoken to over HTTP (minio, localstack,
// dynamodb-local, wiremock, mockserver).
enum class Kind { generic, postgres, mysql, redis, memcached, s3, dynamodb, http };

// From the image's repository name: "postgres:16", "bitnami/postgresql", "dtx-test/mariadb:10.11"…
Kind detect_kind(const std::string& image);

// The kind an image's own environment names: the official images set PG_MAJOR / PG_VERSION,
// MARIADB_VERSION, MYSQL_VERSION / MYSQL_MAJOR, REDIS_VERSION or MEMCACHED_VERSION, and an image built
// FROM one of them inherits it. `env` is the image's Config.Env ("KEY=VALUE"). The kind and the
// variable that named it; nullopt when none does.
struct ImageEnvKind {
    Kind kind = Kind::generic;
    std::string variable;
};
std::optional<ImageEnvKind> kind_from_image_env(const std::vector<std::string>& env);

const char* kind_name(Kind kind);

// True when a service of a database or cache kind (postgres, mysql, redis, memcached) runs
// something else than that kind's server: its `entrypoint` (set and not the image's
// docker-entrypoint script or the server) or its `command` (set, not the server's program nor only
// flags for it) replace the server — `psql …`, `redis-cli …`, `sh -c …`. nullopt: the image's.
// Always false for the other kinds, whose images take subcommands (`minio server /data`).
bool replaces_server(Kind kind, const std::optional<std::vector<std::string>>& entrypoint,
                     const std::optional<std::vector<std::string>>& command);

// The kind called `name` ("postgres", "s3", …, as x-dtx.kind writes it; "none" is generic, no
// kind); nullopt for another word.
std::optional<Kind> kind_named(const std::string& name);

// True for the kinds whose readiness is an HTTP request (s3, dynamodb, http).
bool speaks_http(Kind kind);

// The port the kind's server listens on inside the container; nullopt for generic.
std::optional<std::uint16_t> default_port(Kind kind);

// Login data a client of the service needs, read from the service's environment and command the
// way the official images read them. For s3 and dynamodb, user and password are the AWS access key
// id and secret key; both empty means the emulator takes any key (localstack, dynamodb-local).
struct Credentials {
    std::string user;
    std::string password;
    std::string database;
    std::string region{};  // s3, dynamodb: the region the service was told to use; empty: none
};

// `image` tells emulators of one kind apart (minio checks its keys, localstack takes any); it may
// be empty, and then an s3 service is minio only when its environment sets minio's variables.
Credentials credentials_for(Kind kind, const std::map<std::string, std::string>& env,
                            const std::vector<std::string>& command, const std::string& image = {});

}  // namespace dtx::kind
