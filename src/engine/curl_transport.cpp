#include "engine/curl_transport.hpp"

#include "clients/curl.hpp"
#include "engine/request_log.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>

namespace dtx::engine {

namespace {

// One exchange in flight: where its body goes, and whether it was stopped on purpose.
struct Transfer {
    const ChunkSink* sink = nullptr;  // null: collect the body
    const std::atomic<bool>* cancel = nullptr;
    CURL* curl = nullptr;
    HttpResponse response;
    bool stopped = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    size_t n = size * count;
    if (t->sink == nullptr) {
        t->response.body.append(data, n);
        return n;
    }
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        t->response.body.append(data, n);  // an error body is read whole, for its message
        return n;
    }
    if (!(*t->sink)(std::string_view(data, n))) {
        t->stopped = true;
        return CURL_WRITEFUNC_ERROR;
    }
    return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    if (t->cancel != nullptr && t->cancel->load()) {
        t->stopped = true;
        return 1;  // aborts the transfer
    }
    return 0;
}

// Empty paths leave curl's defaults: the system's CA store, no client certificate.
void set_tls_options(CURL* curl, const TlsConfig& tls) {
    if (!tls.ca_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file.c_str());
    }
    if (!tls.cert_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.cert_file.c_str());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.key_file.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.verify ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.verify ? 2L : 0L);
}

// Whether a failed exchange failed in TLS. Under TLS 1.3 the server checks the client certificate
// after the client's side of the handshake is done, so a refused (or missing) certificate shows up
// as the connection closing on the first send or read, before any answer, not as a connect error.
bool is_tls_failure(CURLcode code, bool answered) {
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CLIENTCERT:
        return true;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        return !answered;
    default:
        return false;
    }
}

}  // namespace

CurlTransport::CurlTransport(Endpoint endpoint) : m_endpoint(std::move(endpoint)) {
    clients::init_curl();
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

util::Failure CurlTransport::connect_failure(int curl_code, const std::string& detail, bool answered) const {
    if (curl_code == CURLE_OPERATION_TIMEDOUT) {
        return util::fail(util::Errc::timeout, fmt::format("the engine at {} did not answer in time", describe()));
    }
    auto code = static_cast<CURLcode>(curl_code);
    if (m_endpoint.tls && is_tls_failure(code, answered)) {
        std::string why = detail;
        if (code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING) {
            // curl's own words here ("getpeername() failed") do not say what happened.
            why = m_endpoint.tls->cert_file.empty()
                      ? fmt::format(
                            "the engine closed the connection; no client certificate was presented, and an "
                            "engine that verifies clients requires one ({})",
                            detail)
                      : fmt::format(
                            "the engine closed the connection, as it does when it refuses the client "
                            "certificate {} ({})",
                            m_endpoint.tls->cert_file, detail);
        }
        return util::fail(util::Errc::unavailable,
                          fmt::format("the TLS handshake with the Docker engine at {} failed using {}: {}", describe(),
                                      m_endpoint.tls->origin, why));
    }
    if (m_endpoint.kind == Endpoint::Kind::unix_socket) {
        const std::string& path = m_endpoint.address;
        struct stat st {};
        if (stat(path.c_str(), &st) != 0) {
            return util::fail(util::Errc::unavailable, fmt::format("no Docker engine socket at {}", path));
        }
        if (access(path.c_str(), R_OK | W_OK) != 0) {
            return util::fail(util::Errc::permission,
                              fmt::format("permission denied on the Docker engine socket {}; run dtx as a member of "
                                          "the socket's group (`sudo usermod -aG docker $USER`, then log in again) or "
                                          "as root",
                                          path));
        }
        return util::fail(util::Errc::unavailable,
                          fmt::format("the Docker engine socket {} refused the connection", path));
    }
    return util::fail(util::Errc::unavailable,
                      fmt::format("cannot reach the Docker engine at {}: {}", describe(), detail));
}

util::Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
    return perform(request, nullptr);
}

util::Result<HttpResponse> CurlTransport::stream(const HttpRequest& request, const ChunkSink& sink) {
    return perform(request, &sink);
}

util::Result<HttpResponse> CurlTransport::perform(const HttpRequest& request, const ChunkSink* sink) {
    CURL* curl = static_cast<CURL*>(acquire());
    if (curl == nullptr) {
        return util::fail(util::Errc::io, "cannot initialise libcurl");
    }
    curl_easy_reset(curl);  // keeps the connection cache, clears the last request's options
    Transfer transfer{sink, request.cancel, curl, {}};
    clients::CurlList headers;
    std::string url = m_endpoint.kind == Endpoint::Kind::unix_socket ? "http://localhost" + request.path
                      : m_endpoint.tls                               ? "https://" + m_endpoint.address + request.path
                                                                     : "http://" + m_endpoint.address + request.path;
    char error[CURL_ERROR_SIZE] = {0};
    if (m_endpoint.kind == Endpoint::Kind::unix_socket) {
        curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, m_endpoint.address.c_str());
    }
    if (m_endpoint.tls) {
        set_tls_options(curl, *m_endpoint.tls);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (request.cancel != nullptr) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    for (const auto& line : request.headers) {
        clients::append(headers, line);
    }
    if (request.method == "POST" || request.method == "PUT") {
        clients::append(headers, "Content-Type: " + request.content_type);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    if (headers) {
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    }
    auto began = std::chrono::steady_clock::now();
    CURLcode code = curl_easy_perform(curl);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    // Stopped on purpose (the sink said so, or cancel): a normal end of a stream.
    if (transfer.stopped && (code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK)) {
        code = CURLE_OK;
    }
    // Also on failure: 0 there means no answer began, which tells a refused handshake from a cut stream.
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    std::string detail = error[0] != 0 ? error : curl_easy_strerror(code);
    if (transfer.stopped) {
        curl_easy_cleanup(curl);  // the connection is mid-stream; never reuse it
    } else {
        release(curl);
    }
    if (code != CURLE_OK) {
        spdlog::debug("engine: {} {} failed after {} ms: {}", request.method, loggable_path(request.path), took.count(),
                      detail);
        return connect_failure(code, detail, transfer.response.status != 0);
    }
    spdlog::trace(request_log_line(request.method, request.path, transfer.response.status, took));
    return std::move(transfer.response);
}

}  // namespace dtx::engine
