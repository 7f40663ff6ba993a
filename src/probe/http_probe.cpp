#include "probe/http_probe.hpp"

#include "clients/curl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <regex>
#include <string_view>
#include <system_error>

namespace dtx::probe {

namespace {

// What one attempt read: the body up to the cap, and whether the cap cut the transfer short.
struct Answer {
    std::string body;
    std::size_t cap = 0;
    bool capped = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* answer = static_cast<Answer*>(user);
    size_t n = size * count;
    size_t room = answer->cap - answer->body.size();
    answer->body.append(data, std::min(n, room));
    if (n > room) {
        answer->capped = true;
        return CURL_WRITEFUNC_ERROR;  // enough read: stop downloading
    }
    return n;
}

// A header value or request token must not smuggle a line break into the request.
bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

bool is_method(std::string_view method) {
    return !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

util::Result<std::regex> compile(const std::string& pattern) {
    try {
        return std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        return util::fail(util::Errc::invalid, fmt::format("http: bad body regex /{}/: {}", pattern, e.what()));
    }
}

std::string url_of(const Address& address, const HttpCheck& check) {
    // A numeric IPv6 host goes in brackets in a URL.
    bool ipv6 = address.host.find(':') != std::string::npos && address.host.front() != '[';
    return fmt::format("{}://{}{}{}:{}{}", check.https ? "https" : "http", ipv6 ? "[" : "", address.host,
                       ipv6 ? "]" : "", address.port, check.path);
}

// The short reason for a transfer that ended without a usable answer. Every network condition is
// "not yet": a server that is still starting refuses, resets or hangs up, and docker-proxy accepts on
// the host then closes at once when nothing listens inside (curl's "empty reply").
ProbeResult network_result(CURLcode code, CURL* curl, const std::string& detail, std::chrono::milliseconds timeout) {
    switch (code) {
    case CURLE_COULDNT_CONNECT: {
        long os_errno = 0;
        curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
        if (os_errno == ECONNREFUSED || os_errno == 0) {
            return ProbeResult::not_yet("connection refused");
        }
        return ProbeResult::not_yet(
            fmt::format("cannot connect: {}", std::system_category().message(static_cast<int>(os_errno))));
    }
    case CURLE_GOT_NOTHING:
        return ProbeResult::not_yet("empty reply");
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return ProbeResult::not_yet("connection reset");
    case CURLE_OPERATION_TIMEDOUT:
        return ProbeResult::not_yet(fmt::format("no answer within {}ms", timeout.count()));
    case CURLE_PEER_FAILED_VERIFICATION:
        return ProbeResult::not_yet(
            fmt::format("TLS certificate not trusted ({}); `insecure` skips the check", detail));
    case CURLE_URL_MALFORMAT:
    case CURLE_OUT_OF_MEMORY:
        return ProbeResult::failed(detail);  // the request itself cannot be made; retrying will not help
    default:
        return ProbeResult::not_yet(detail);
    }
}

class HttpProbe final : public Probe {
public:
    HttpProbe(Address address, HttpCheck check) : m_address(std::move(address)), m_check(std::move(check)) {
        clients::init_curl();
        auto valid = validate_http_check(m_check);
        if (!valid) {
            m_unusable = valid.error().message;
        } else if (!m_check.body_regex.empty()) {
            m_body_regex = std::move(compile(m_check.body_regex).value());  // validated just above
        }
    }

    std::string name() const override { return "http"; }

    ProbeResult check() override {
        if (!m_unusable.empty()) {
            return ProbeResult::failed(m_unusable);
        }
        clients::CurlHandle curl(curl_easy_init());
        if (!curl) {
            return ProbeResult::failed("cannot initialise libcurl");
        }
        clients::CurlList headers;
        if (m_check.host_header) {
            clients::append(headers, "Host: " + *m_check.host_header);
        }
        Answer answer;
        answer.cap = m_body_regex ? k_http_body_cap : 0;  // no body check: the status is all we read
        char error[CURL_ERROR_SIZE] = {0};
        std::string url = url_of(m_address, m_check);
        configure(curl.get(), url, headers.get(), answer, error);

        CURLcode code = curl_easy_perform(curl.get());
        if (code == CURLE_WRITE_ERROR && answer.capped) {
            code = CURLE_OK;  // we stopped it ourselves, with all we wanted to read
        }
        if (code != CURLE_OK) {
            return network_result(code, curl.get(), error[0] != 0 ? error : curl_easy_strerror(code), m_check.timeout);
        }
        long status = 0;
        curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
        return judge(status, answer.body);
    }

private:
    void configure(CURL* curl, const std::string& url, curl_slist* headers, Answer& answer, char* error) const {
        auto timeout = static_cast<long>(m_check.timeout.count());
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
        curl_easy_setopt(curl, CURLOPT_PROXY, "");  // never through http_proxy: the server is ours, nearby
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "dtx-readiness");
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
        if (m_check.method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else if (m_check.method != "GET") {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, m_check.method.c_str());
        }
        if (headers != nullptr) {
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        }
        if (m_check.https && m_check.insecure) {
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
        }
    }

    ProbeResult judge(long status, const std::string& body) const {
        if (!status_ok(status)) {
            return ProbeResult::not_yet(fmt::format("status {}, want {}", status, wanted()));
        }
        if (m_body_regex && !std::regex_search(body, *m_body_regex)) {
            return ProbeResult::not_yet(fmt::format("body does not match /{}/", m_check.body_regex));
        }
        return ProbeResult::ready();
    }

    bool status_ok(long status) const {
        switch (m_check.status) {
        case k_any_2xx:
            return status >= 200 && status < 300;
        case k_any_answer:
            return status >= 100 && status < 500;
        default:
            return status == m_check.status;
        }
    }

    std::string wanted() const {
        switch (m_check.status) {
        case k_any_2xx:
            return "2xx";
        case k_any_answer:
            return "below 500";
        default:
            return std::to_string(m_check.status);
        }
    }

    Address m_address;
    HttpCheck m_check;
    std::optional<std::regex> m_body_regex;
    std::string m_unusable;  // why the check cannot run at all; empty when it can
};

}  // namespace

util::Status validate_http_check(const HttpCheck& check) {
    if (!is_method(check.method)) {
        return util::fail(util::Errc::invalid, fmt::format("http: bad method \"{}\"", check.method));
    }
    if (check.path.empty() || check.path.front() != '/' || has_line_break(check.path) ||
        check.path.find(' ') != std::string::npos) {
        return util::fail(util::Errc::invalid,
                          fmt::format("http: path \"{}\" must start with '/' and contain no spaces", check.path));
    }
    bool special = check.status == k_any_2xx || check.status == k_any_answer;
    if (!special && (check.status < 100 || check.status > 599)) {
        return util::fail(
            util::Errc::invalid,
            fmt::format("http: status {} is not an HTTP status (100-599, or 0 for any 2xx)", check.status));
    }
    if (check.host_header && (check.host_header->empty() || has_line_break(*check.host_header))) {
        return util::fail(util::Errc::invalid, "http: the Host header must be one non-empty line");
    }
    if (check.timeout.count() <= 0) {
        return util::fail(util::Errc::invalid, "http: the attempt timeout must be positive");
    }
    if (!check.body_regex.empty()) {
        auto regex = compile(check.body_regex);
        if (!regex) {
            return regex.error();
        }
    }
    return util::ok_status();
}

std::unique_ptr<Probe> http_probe(Address address, HttpCheck check) {
    return std::make_unique<HttpProbe>(std::move(address), std::move(check));
}

}  // namespace dtx::probe
