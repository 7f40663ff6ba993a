#pragma once
// One HTTP exchange with the engine. The status is data: mapping it is the caller's job.

#include "util/result.hpp"

#include <chrono>
#include <string>

namespace dtx::engine {

struct HttpRequest {
    std::string method = "GET";
    std::string path;  // with the query string, e.g. "/v1.41/containers/json?all=1"
    std::string body;  // sent as application/json when not empty
    std::chrono::milliseconds timeout{30'000};
};

struct HttpResponse {
    long status = 0;
    std::string body;
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    // Fails only when no HTTP answer arrived (unavailable, timeout); safe to call from several threads.
    virtual util::Result<HttpResponse> send(const HttpRequest& request) = 0;
    // The endpoint for messages, e.g. "unix:///var/run/docker.sock".
    virtual std::string describe() const = 0;
};

}  // namespace dtx::engine
