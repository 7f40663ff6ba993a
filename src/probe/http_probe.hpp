#pragma once
// The `http` readiness strategy: one HTTP request, ready when the status (and optionally the body)
// is the expected one.

#include "probe/address_probes.hpp"
#include "probe/probe.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace dtx::probe {

// At most this much of an answer's body is read and matched; the rest is never downloaded, so a
// huge (or endless) answer costs neither memory nor time. Small on purpose: libstdc++'s std::regex
// recurses once per character matched (`(a|b)*` overflows an 8 MiB stack near 16 KiB) and a pattern
// starting with an unbounded repeat (`.*ready`) is quadratic in regex_search (~3 s for 4 KiB with no
// match). Readiness bodies are small; write patterns as plain search terms (`"status":\s*"UP"`).
inline constexpr std::size_t k_http_body_cap = std::size_t{4} * 1024;

// HttpCheck::status values that accept more than one status.
inline constexpr int k_any_2xx = 0;
inline constexpr int k_any_answer = -1;  // 100-499: the server is up and answers (emulators' "/" is often 400/403)

struct HttpCheck {
    std::string method = "GET";  // sent as is; HEAD asks for no body
    std::string path = "/";      // must start with '/'; sent as is (no dot-segment squashing)
    int status = 200;            // the wanted status, or k_any_2xx, or k_any_answer
    std::string body_regex;      // ECMAScript, searched in the first k_http_body_cap bytes; empty: no body check
    bool https = false;
    bool insecure = false;                   // https without certificate checks (self-signed test servers)
    std::optional<std::string> host_header;  // sent as the Host header instead of host:port
    std::chrono::milliseconds timeout = k_attempt_timeout;  // bounds connect + answer; tests shorten it
};

// Ok when `check` can be used; else an `invalid` failure saying what is wrong ("http: bad body regex
// /(/: …", "http: path must start with '/'"). Meant for spec validation, before any run.
[[nodiscard]] util::Status validate_http_check(const HttpCheck& check);

// One request to address with `check`, no redirects followed. ready when the status (and the body
// regex) match; not_yet for every network condition (refused, reset, empty reply as docker-proxy
// gives when nothing listens inside, timeout, TLS not up yet) and for a wrong status or body, with a
// short reason ("connection refused", "status 503, want 200", "body does not match /ready/");
// failed only when the check itself is unusable (the validate_http_check message) or libcurl
// cannot run it. Never throws.
std::unique_ptr<Probe> http_probe(Address address, HttpCheck check);

}  // namespace dtx::probe
