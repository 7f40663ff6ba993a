#pragma once
// Shared by the endpoint tests (DOCKER_HOST, TLS variables, contexts): resolve and require success,
// or resolve and require the one kind of failure the resolver gives.

#include "engine/docker_host.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace dtx::test {

inline dtx::engine::Endpoint resolve(const dtx::engine::EnvLookup& env) {
    auto e = dtx::engine::resolve_endpoint(env);
    INFO((e.ok() ? std::string() : e.error().message));
    REQUIRE(e.ok());
    return e.value();
}

inline std::string resolve_error(const dtx::engine::EnvLookup& env) {
    auto e = dtx::engine::resolve_endpoint(env);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == dtx::util::Errc::invalid);
    return e.error().message;
}

}  // namespace dtx::test
