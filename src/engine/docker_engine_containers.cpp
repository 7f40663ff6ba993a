#include "engine/docker_engine.hpp"

#include "engine/json_containers.hpp"
#include "engine/json_mapping.hpp"
#include "engine/line_splitter.hpp"
#include "engine/stream_demux.hpp"
#include "util/percent.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <memory>
#include <optional>

namespace dtx::engine {

namespace {

constexpr std::chrono::milliseconds k_no_timeout{0};

HttpRequest make_request(std::string method, std::string path, std::string body, std::chrono::milliseconds timeout,
                         const std::atomic<bool>* cancel = nullptr) {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.body = std::move(body);
    request.timeout = timeout;
    request.cancel = cancel;
    return request;
}

std::string container_path(const std::string& id, const std::string& rest) {
    return "/containers/" + util::percent_encode(id) + rest;
}

// Demultiplexes a streamed body into an OutputSink; once the sink says stop, later frames are
// dropped and the transfer is told to end.
class DemuxReader {
public:
    explicit DemuxReader(const OutputSink& sink)
        : m_sink(sink), m_demux([this](StreamKind kind, std::string_view payload) {
              if (m_open) {
                  m_open = m_sink(kind, payload);
              }
          }) {}
    DemuxReader(const DemuxReader&) = delete;
    DemuxReader& operator=(const DemuxReader&) = delete;

    bool feed(std::string_view chunk) {
        m_demux.feed(chunk);
        return m_open;
    }

private:
    const OutputSink& m_sink;
    bool m_open = true;
    StreamDemux m_demux;
};

// The chunk sink for a container's or an exec's output: a TTY gives one raw stream (all stdout),
// anything else the multiplexed frames. An empty `sink` discards the output.
ChunkSink output_reader(bool tty, const OutputSink& sink) {
    if (!sink) {
        return [](std::string_view) { return true; };
    }
    if (tty) {
        return [&sink](std::string_view chunk) { return sink(StreamKind::stdout_, chunk); };
    }
    auto reader = std::make_shared<DemuxReader>(sink);
    return [reader](std::string_view chunk) { return reader->feed(chunk); };
}

std::string tail_value(int tail) {
    return tail < 0 ? std::string("all") : std::to_string(tail);
}

std::string logs_query(const LogOptions& o) {
    return fmt::format("?stdout={:d}&stderr={:d}&tail={}&since={}&timestamps={:d}&follow={:d}", o.stdout_, o.stderr_,
                       tail_value(o.tail), o.since, o.timestamps, o.follow);
}

std::string events_query(const EventFilter& f) {
    std::string query = "?filters=" + util::percent_encode(json::event_filters(f));
    if (f.since != 0) {
        query += fmt::format("&since={}", f.since);
    }
    if (f.until != 0) {
        query += fmt::format("&until={}", f.until);
    }
    return query;
}

}  // namespace

Result<std::string> DockerEngine::create_container(const ContainerConfig& spec) {
    std::vector<std::string> dropped;
    std::string body = json::container_create_body(spec, m_api_version, &dropped);
    for (const auto& setting : dropped) {
        spdlog::warn("container {}: the engine's API {} does not support {}; it is ignored", spec.name, m_api_version,
                     setting);
    }
    auto response = call("POST", "/containers/create?name=" + util::percent_encode(spec.name),
                         fmt::format("creating container {}", spec.name), std::move(body));
    if (!response) {
        return response.error();
    }
    return json::parse_id(response->body);
}

Status DockerEngine::start_container(const std::string& id) {
    return util::status_of(call("POST", container_path(id, "/start"), fmt::format("starting container {}", id)));
}

Result<ContainerState> DockerEngine::inspect_container(const std::string& id) {
    auto response = call("GET", container_path(id, "/json"), fmt::format("container {}", id));
    if (!response) {
        return response.error();
    }
    return json::parse_container(response->body);
}

Status DockerEngine::kill_container(const std::string& id, const std::string& signal) {
    return util::status_of(call("POST", container_path(id, "/kill?signal=" + util::percent_encode(signal)),
                                fmt::format("sending {} to container {}", signal, id)));
}

Status DockerEngine::stop_container(const std::string& id, std::chrono::seconds grace) {
    // The engine answers once the container has stopped (304: it was not running), so the request
    // outlasts the grace period.
    return util::status_of(call("POST", container_path(id, fmt::format("/stop?t={}", grace.count())),
                                fmt::format("stopping container {}", id), "", grace + k_default_timeout));
}

Result<int> DockerEngine::wait_container(const std::string& id) {
    // No timeout: a container may legitimately run for as long as the test command does.
    auto response = call("POST", container_path(id, "/wait?condition=not-running"),
                         fmt::format("waiting for container {}", id), "", k_no_timeout);
    if (!response) {
        return response.error();
    }
    auto code = json::parse_wait(response->body);
    if (!code) {
        return util::fail(code.error().code, fmt::format("waiting for container {}: {}", id, code.error().message));
    }
    return code;
}

Status DockerEngine::remove_container(const std::string& id) {
    return util::status_of(
        call("DELETE", container_path(id, "?force=1&v=1"), fmt::format("removing container {}", id)));
}

Result<std::vector<ContainerSummary>> DockerEngine::list_containers(const LabelFilter& labels) {
    auto response = call("GET", "/containers/json?all=1&filters=" + util::percent_encode(json::label_filters(labels)),
                         "listing containers");
    if (!response) {
        return response.error();
    }
    return json::parse_container_list(response->body);
}

Result<std::string> DockerEngine::logs(const std::string& id, int tail) {
    auto response = call("GET", container_path(id, "/logs?stdout=1&stderr=1&tail=" + tail_value(tail)),
                         fmt::format("logs of {}", id));
    if (!response) {
        return response.error();
    }
    // The answer itself tells a TTY container's raw log from a multiplexed one, which saves an
    // inspect round trip (and a race with a container being removed in between).
    return is_multiplexed(response->body) ? demux_all(response->body) : response->body;
}

Status DockerEngine::stream_logs(const std::string& id, const LogOptions& options, bool tty, const OutputSink& sink,
                                 const std::atomic<bool>* cancel) {
    auto request = make_request("GET", container_path(id, "/logs" + logs_query(options)), "",
                                options.follow ? k_no_timeout : k_default_timeout, cancel);
    return call_stream(std::move(request), fmt::format("logs of {}", id), output_reader(tty, sink));
}

Result<std::string> DockerEngine::create_exec(const std::string& container, const ExecConfig& spec) {
    auto response = call("POST", container_path(container, "/exec"), fmt::format("exec in container {}", container),
                         json::exec_create_body(spec));
    if (!response) {
        return response.error();
    }
    return json::parse_id(response->body);
}

Status DockerEngine::start_exec(const std::string& exec_id, const ExecConfig& spec, const OutputSink& sink) {
    std::string what = fmt::format("starting exec {}", exec_id);
    auto request = make_request("POST", "/exec/" + util::percent_encode(exec_id) + "/start",
                                json::exec_start_body(spec), k_default_timeout);
    if (!spec.attach) {
        return util::status_of(call(std::move(request), what));
    }
    // Attached, the answer lasts as long as the command runs.
    request.timeout = k_no_timeout;
    return call_stream(std::move(request), what, output_reader(spec.tty, sink));
}

Result<ExecState> DockerEngine::inspect_exec(const std::string& exec_id) {
    auto response = call("GET", "/exec/" + util::percent_encode(exec_id) + "/json", fmt::format("exec {}", exec_id));
    if (!response) {
        return response.error();
    }
    return json::parse_exec(response->body);
}

Status DockerEngine::events(const EventFilter& filter, const EventSink& sink, const std::atomic<bool>* cancel) {
    // With `until` the engine ends the stream itself, so it gets a deadline past `until`.
    std::chrono::milliseconds timeout = k_no_timeout;
    if (filter.until != 0) {
        auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count();
        timeout = k_default_timeout + std::chrono::seconds(std::max<std::int64_t>(0, filter.until - now));
    }
    auto request = make_request("GET", "/events" + events_query(filter), "", timeout, cancel);

    LineSplitter lines;
    std::optional<util::Failure> bad_line;
    bool open = true;
    auto on_line = [&](std::string_view line) {
        auto event = json::parse_event(line);
        if (!event) {
            bad_line = event.error();
            return open = false;
        }
        return open = sink(*event);
    };
    auto status = call_stream(std::move(request), "engine events",
                              [&](std::string_view chunk) { return lines.feed(chunk, on_line); });
    if (!status) {
        return status;
    }
    // A cancelled stream may stop mid-line; only a stream the engine ended has a last line to read.
    bool cancelled = cancel != nullptr && cancel->load();
    if (open && !cancelled) {
        lines.finish(on_line);
    }
    if (bad_line) {
        return *bad_line;
    }
    return util::ok_status();
}

}  // namespace dtx::engine
