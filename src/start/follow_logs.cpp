#include "start/follow_logs.hpp"

#include "engine/line_splitter.hpp"
#include "secrets/secrets.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dtx::start {

namespace {
constexpr auto k_stop_poll = std::chrono::milliseconds(100);
}  // namespace

void follow_logs(engine::Engine& engine, const std::vector<Followed>& containers, std::FILE* out,
                 const std::function<bool()>& stop, const StreamEnd& on_end) {
    std::size_t width = 0;
    for (const auto& c : containers) {
        width = std::max(width, c.service.size());
    }
    std::mutex mutex;  // guards `out`, `running` and `ended`
    std::condition_variable changed;
    std::atomic<bool> cancel{false};
    std::size_t running = containers.size();
    bool ended = false;  // on_end said so
    engine::LogOptions options;
    options.follow = true;
    std::vector<std::thread> streams;
    streams.reserve(containers.size());
    for (const auto& c : containers) {
        streams.emplace_back([&, c] {
            std::string prefix = c.service + std::string(width - c.service.size(), ' ') + " | ";
            engine::LineSplitter lines;
            auto print = [&](std::string_view raw) {
                std::string line = secrets::masked(raw);  // a service may log its own password
                std::lock_guard lock(mutex);
                std::fprintf(out, "%s%s\n", prefix.c_str(), line.c_str());
                std::fflush(out);
                return true;
            };
            (void)engine.stream_logs(
                c.container_id, options, c.tty,
                [&](engine::StreamKind, std::string_view chunk) { return lines.feed(chunk, print); }, &cancel);
            lines.finish(print);
            bool end = !cancel && on_end && on_end(c.service);
            std::lock_guard lock(mutex);
            ended = ended || end;
            --running;
            changed.notify_all();
        });
    }
    {
        std::unique_lock lock(mutex);
        // Signals do not notify: `stop` is asked a few times a second.
        while (running > 0 && !ended && !stop()) {
            changed.wait_for(lock, k_stop_poll);
        }
    }
    cancel = true;
    for (auto& t : streams) {
        t.join();
    }
}

}  // namespace dtx::start
