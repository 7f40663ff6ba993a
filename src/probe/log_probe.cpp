#include "probe/log_probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <string_view>

namespace dtx::probe {

namespace {

constexpr std::size_t k_streams = 3;  // indexed by engine::StreamKind

// Lines of one stream, cut out of the chunks a read delivers.
struct LineBuffer {
    std::string partial;
    std::size_t lines = 0;  // complete lines seen in this read
};

class LogProbe final : public Probe {
public:
    LogProbe(std::shared_ptr<ProbeTarget> target, std::string regex, int occurrences)
        : m_target(std::move(target)), m_pattern(std::move(regex)), m_occurrences(std::max(occurrences, 1)) {
        try {
            m_regex.emplace(m_pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            m_regex_error = e.what();
        }
    }

    std::string name() const override { return "log"; }

    ProbeResult check() override {
        if (!m_regex) {
            return ProbeResult::failed(fmt::format("invalid regex /{}/: {}", m_pattern, m_regex_error));
        }
        auto state = m_target->state();
        if (!state) {
            return ProbeResult::failed(state.error().message);
        }
        if (!state->running) {
            if (state->status == "created") {
                return ProbeResult::not_yet("not started yet");
            }
            if (state->oom_killed) {
                return ProbeResult::failed("the container was killed for running out of memory (OOM)");
            }
            return ProbeResult::failed(fmt::format("the container exited with code {}", state->exit_code));
        }
        if (auto read = scan_new_lines(state->tty); !read) {
            return ProbeResult::not_yet(read.error().message);
        }
        if (m_matches >= m_occurrences) {
            return ProbeResult::ready();
        }
        return ProbeResult::not_yet(fmt::format("{} of {} matches of /{}/", m_matches, m_occurrences, m_pattern));
    }

private:
    // The engine has no cursor into a log (`since` is whole seconds), so the output is read from the
    // start and the lines counted in m_scanned are skipped rather than matched again.
    util::Status scan_new_lines(bool tty) {
        std::array<LineBuffer, k_streams> buffers;
        auto sink = [&](engine::StreamKind kind, std::string_view data) {
            auto index = static_cast<std::size_t>(kind) % k_streams;
            auto& buffer = buffers[index];
            buffer.partial.append(data);
            std::size_t start = 0;
            for (auto end = buffer.partial.find('\n'); end != std::string::npos;
                 end = buffer.partial.find('\n', start)) {
                if (buffer.lines++ >= m_scanned[index]) {
                    ++m_scanned[index];
                    match(std::string_view(buffer.partial).substr(start, end - start));
                }
                start = end + 1;
            }
            buffer.partial.erase(0, start);
            return m_matches < m_occurrences;  // enough: the rest need not be read
        };
        return m_target->logs(tty, sink);
    }

    void match(std::string_view line) {
        if (!line.empty() && line.back() == '\r') {  // a TTY's line ending
            line.remove_suffix(1);
        }
        if (std::regex_search(line.begin(), line.end(), *m_regex)) {
            ++m_matches;
        }
    }

    std::shared_ptr<ProbeTarget> m_target;
    std::string m_pattern;
    int m_occurrences;
    std::optional<std::regex> m_regex;
    std::string m_regex_error;
    std::array<std::size_t, k_streams> m_scanned{};  // complete lines already matched, per stream
    int m_matches = 0;
};

}  // namespace

std::unique_ptr<Probe> log_probe(std::shared_ptr<ProbeTarget> target, std::string regex, int occurrences) {
    return std::make_unique<LogProbe>(std::move(target), std::move(regex), occurrences);
}

}  // namespace dtx::probe
