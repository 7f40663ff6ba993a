#pragma once
// An engine::HttpTransport with canned answers keyed by "METHOD path" (the path with its query
// string; a key without a query also matches any query). Records every request it was sent.
// Answers queued with then() are given in turn, the last one repeating; unanswered requests fail
// with Errc::unavailable naming the request, so a test sees what was asked. stream() hands a 2xx
// body to the sink in chunks of chunk_size() bytes (all at once by default), stopping when the sink
// says so.

#include "engine/http_transport.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace dtx::fakes {

class FakeTransport final : public dtx::engine::HttpTransport {
public:
    // Answers "METHOD path" with `status` and `body` from now on (replacing earlier answers).
    void on(const std::string& method_and_path, long status, std::string body = {}) {
        std::lock_guard lock(m_mutex);
        m_answers[method_and_path] = {dtx::engine::HttpResponse{status, std::move(body)}};
    }

    // Queues a further answer for "METHOD path", given after the ones before it were used once.
    void then(const std::string& method_and_path, long status, std::string body = {}) {
        std::lock_guard lock(m_mutex);
        m_answers[method_and_path].push_back(dtx::engine::HttpResponse{status, std::move(body)});
    }

    // Answers "METHOD path" with a transport failure (no HTTP answer at all).
    void fail_on(const std::string& method_and_path, dtx::util::Errc code, std::string message) {
        std::lock_guard lock(m_mutex);
        m_answers[method_and_path] = {dtx::util::Failure{code, std::move(message)}};
    }

    // Streamed bodies are delivered `bytes` at a time (0: whole), to test frames split across chunks.
    void set_chunk_size(size_t bytes) {
        std::lock_guard lock(m_mutex);
        m_chunk_size = bytes;
    }

    dtx::util::Result<dtx::engine::HttpResponse> stream(const dtx::engine::HttpRequest& request,
                                                        const dtx::engine::ChunkSink& sink) override {
        auto response = send(request);
        if (!response || response->status < 200 || response->status >= 300) {
            return response;
        }
        size_t chunk = 0;
        {
            std::lock_guard lock(m_mutex);
            chunk = m_chunk_size == 0 ? response->body.size() : m_chunk_size;
        }
        std::string_view body = response->body;
        for (size_t pos = 0; pos < body.size(); pos += chunk) {
            if (!sink(body.substr(pos, chunk))) {
                break;
            }
        }
        response->body.clear();
        return response;
    }

    dtx::util::Result<dtx::engine::HttpResponse> send(const dtx::engine::HttpRequest& request) override {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(request);
        std::string key = request.method + " " + request.path;
        auto it = m_answers.find(key);
        if (it == m_answers.end()) {
            it = m_answers.find(key.substr(0, key.find('?')));
        }
        if (it == m_answers.end()) {
            return dtx::util::fail(dtx::util::Errc::unavailable, "fake transport: no answer for " + key);
        }
        Answer answer = it->second.front();
        if (it->second.size() > 1) {
            it->second.pop_front();
        }
        if (const auto* response = std::get_if<dtx::engine::HttpResponse>(&answer)) {
            return *response;
        }
        return std::get<dtx::util::Failure>(answer);
    }

    std::string describe() const override { return "fake://engine"; }

    std::vector<dtx::engine::HttpRequest> requests() const {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

    // "METHOD path" of every request with `method` ("DELETE"), in order.
    std::vector<std::string> request_lines(const std::string& method) const {
        std::vector<std::string> out;
        for (auto& line : request_lines()) {
            if (line.rfind(method + " ", 0) == 0) {
                out.push_back(std::move(line));
            }
        }
        return out;
    }

    // "METHOD path" of every request, in order.
    std::vector<std::string> request_lines() const {
        std::lock_guard lock(m_mutex);
        std::vector<std::string> out;
        for (const auto& r : m_requests) {
            out.push_back(r.method + " " + r.path);
        }
        return out;
    }

private:
    using Answer = std::variant<dtx::engine::HttpResponse, dtx::util::Failure>;
    mutable std::mutex m_mutex;
    std::map<std::string, std::deque<Answer>> m_answers;
    std::vector<dtx::engine::HttpRequest> m_requests;
    size_t m_chunk_size = 0;
};

}  // namespace dtx::fakes
