#pragma once
// HttpTransport over libcurl: unix socket or plain TCP. The only file that includes curl.

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
    std::string describe() const override;

private:
    void* acquire();  // a CURL easy handle; reused handles keep their connection
    void release(void* handle);
    util::Failure connect_failure(int curl_code, const std::string& detail) const;

    Endpoint m_endpoint;
    std::mutex m_mutex;
    std::vector<void*> m_idle;
};

}  // namespace dtx::engine
