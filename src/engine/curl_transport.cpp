#include "engine/curl_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>

namespace dtx::engine {

namespace {

std::once_flag g_curl_init;

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct HeaderList {
    curl_slist* list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
};

}  // namespace

CurlTransport::CurlTransport(Endpoint endpoint) : m_endpoint(std::move(endpoint)) {
    std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransport::~CurlTransport() {
    for (void* handle : m_idle) {
        curl_easy_cleanup(static_cast<CURL*>(handle));
    }
}

std::string CurlTransport::describe() const {
    return m_endpoint.to_string();
}

void* CurlTransport::acquire() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            void* handle = m_idle.back();
            m_idle.pop_back();
            return handle;
        }
    }
    return curl_easy_init();
}

void CurlTransport::release(void* handle) {
    std::lock_guard lock(m_mutex);
    m_idle.push_back(handle);
}

util::Failure CurlTransport::connect_failure(int curl_code, const std::string& detail) const {
    if (curl_code == CURLE_OPERATION_TIMEDOUT) {
        return util::fail(util::Errc::timeout, fmt::format("the engine at {} did not answer in time", describe()));
    }
    if (m_endpoint.kind == Endpoint::Kind::unix_socket) {
        const std::string& path = m_endpoint.address;
        struct stat st {};
        if (stat(path.c_str(), &st) != 0) {
            return util::fail(util::Errc::unavailable, fmt::format("no Docker engine socket at {}", path));
        }
        if (access(path.c_str(), R_OK | W_OK) != 0) {
            return util::fail(util::Errc::unavailable,
                              fmt::format("permission denied on the Docker engine socket {}", path));
        }
        return util::fail(util::Errc::unavailable,
                          fmt::format("the Docker engine socket {} refused the connection", path));
    }
    return util::fail(util::Errc::unavailable,
                      fmt::format("cannot reach the Docker engine at {}: {}", describe(), detail));
}

util::Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
    CURL* curl = static_cast<CURL*>(acquire());
    if (curl == nullptr) {
        return util::fail(util::Errc::io, "cannot initialise libcurl");
    }
    curl_easy_reset(curl);  // keeps the connection cache, clears the last request's options
    HttpResponse response;
    HeaderList headers;
    std::string url = m_endpoint.kind == Endpoint::Kind::unix_socket ? "http://localhost" + request.path
                                                                     : "http://" + m_endpoint.address + request.path;
    char error[CURL_ERROR_SIZE] = {0};
    if (m_endpoint.kind == Endpoint::Kind::unix_socket) {
        curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, m_endpoint.address.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (request.method == "POST" || request.method == "PUT") {
        headers.list = curl_slist_append(headers.list, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
    spdlog::trace("engine: {} {}", request.method, request.path);
    CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    }
    std::string detail = error[0] != 0 ? error : curl_easy_strerror(code);
    release(curl);
    if (code != CURLE_OK) {
        spdlog::debug("engine: {} {} failed: {}", request.method, request.path, detail);
        return connect_failure(code, detail);
    }
    spdlog::trace("engine: {} {} -> {}", request.method, request.path, response.status);
    return response;
}

}  // namespace dtx::engine
