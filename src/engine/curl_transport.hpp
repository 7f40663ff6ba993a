#pragma once
// HttpTransport over libcurl: a unix socket, plain TCP, or TCP with TLS (https). The only file that
// includes curl.

#include "engine/docker_host.hpp"
#include "engine/http_transport.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace dtx::engine {

class CurlTransport final : public HttpTransport {
public:
    explicit CurlTransport(Endpoint endpoint);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    util::Result<HttpResponse> send(const HttpRequest& request) override;
    util::Result<HttpResponse> stream(const HttpRequest& request, const ChunkSink& sink) override;
    std::string describe() const override;

private:
    util::Result<HttpResponse> perform(const HttpRequest& request, const ChunkSink* sink);
    void* acquire();  // a CURL easy handle; reused handles keep their connection
    void release(void* handle);
    // `answered`: an HTTP answer had begun before the failure.
    util::Failure connect_failure(int curl_code, const std::string& detail, bool answered) const;

    Endpoint m_endpoint;
    std::mutex m_mutex;
    std::vector<void*> m_idle;
};

}  // namespace dtx::engine
