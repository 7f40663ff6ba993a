#pragma once
// One HTTP exchange with the engine. The status is data: mapping it is the caller's job.

#include "util/result.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dtx::engine {

struct HttpRequest {
    std::string method = "GET";
    std::string path;                           // with the query string, e.g. "/v1.41/containers/json?all=1"
    std::string body;                           // sent with `content_type` (POST, PUT)
    std::chrono::milliseconds timeout{30'000};  // the whole exchange; 0: none (follow streams)
    std::string content_type = "application/json";
    std::vector<std::string> headers{};  // extra "Name: value" lines, e.g. X-Registry-Auth
    // A follow stream ends when this becomes true (checked at least once a second while idle).
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
    long status = 0;
    std::string body;  // empty for a streamed 2xx answer: its body went to the sink
};

// Receives a streamed body chunk by chunk as it arrives; returns false to stop the transfer.
using ChunkSink = std::function<bool(std::string_view)>;

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    // Fails only when no HTTP answer arrived (unavailable, timeout); safe to call from several threads.
    virtual util::Result<HttpResponse> send(const HttpRequest& request) = 0;
    // Like send(), but a 2xx body is handed to `sink` as it arrives instead of being collected; a
    // non-2xx body is still collected in the response. Stopping (the sink returning false, or
    // `cancel`) is a normal end, not a failure.
    virtual util::Result<HttpResponse> stream(const HttpRequest& request, const ChunkSink& sink) = 0;
    // The endpoint for messages, e.g. "unix:///var/run/docker.sock".
    virtual std::string describe() const = 0;
};

}  // namespace dtx::engine
