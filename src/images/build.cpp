#include "images/build.hpp"

#include "engine/labels.hpp"
#include "images/build_context.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

namespace dtx::images {

namespace {

constexpr size_t k_tail_lines = 30;  // build output shown under a failure
constexpr std::chrono::milliseconds k_signal_poll{50};

// Raises a flag the engine's build request watches once a stop is requested: the signal handler
// only records the signal, and a build can run for many minutes without any output.
class StopWatch {
public:
    explicit StopWatch(util::StopToken stop) : m_stop(std::move(stop)), m_thread([this] { watch(); }) {}
    ~StopWatch() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    StopWatch(const StopWatch&) = delete;
    StopWatch& operator=(const StopWatch&) = delete;

    const std::atomic<bool>* flag() const { return &m_raised; }

private:
    void watch() {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, k_signal_poll, [this] { return m_done; })) {
            if (m_stop.stop_requested()) {
                m_raised = true;
                return;
            }
        }
    }

    util::StopToken m_stop;
    std::atomic<bool> m_raised{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread;  // last: starts once the members it uses exist
};

// The build's output arrives in pieces that need not end at a line break; steps become notes, the
// rest goes to the debug log, and the last lines are kept for a failure.
class BuildOutput {
public:
    BuildOutput(const std::string& service, report::Reporter& reporter) : m_service(service), m_reporter(reporter) {}

    void feed(const engine::Progress& p) {
        if (!p.stream.empty()) {
            m_partial += p.stream;
            for (size_t end = m_partial.find('\n'); end != std::string::npos; end = m_partial.find('\n')) {
                line(m_partial.substr(0, end));
                m_partial.erase(0, end + 1);
            }
        } else if (!p.status.empty()) {  // e.g. a base image pulled by the build
            line(p.id.empty() ? p.status : p.id + ": " + p.status);
        }
    }

    std::string tail() {
        if (!m_partial.empty()) {
            line(m_partial);
            m_partial.clear();
        }
        std::string out;
        for (const auto& l : m_tail) {
            out += l + "\n";
        }
        return out;
    }

private:
    // The classic builder colours a step's stderr with ANSI escapes ("\x1b[91m" … "\x1b[0m").
    static std::string without_escapes(const std::string& text) {
        std::string out;
        for (size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
                i += 2;
                while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == ';')) {
                    ++i;
                }
                continue;  // i is on the final letter, skipped by the loop
            }
            out += text[i];
        }
        return out;
    }

    void line(std::string text) {
        text = without_escapes(text);
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
            text.pop_back();
        }
        if (text.empty()) {
            return;
        }
        if (text.starts_with("Step ")) {
            m_reporter.note(fmt::format("{}: {}", m_service, text));
        } else {
            spdlog::debug("{} build: {}", m_service, text);
        }
        m_tail.push_back(std::move(text));
        if (m_tail.size() > k_tail_lines) {
            m_tail.pop_front();
        }
    }

    const std::string& m_service;
    report::Reporter& m_reporter;
    std::string m_partial;
    std::deque<std::string> m_tail;
};

// The engine's message without the "building <tag>: " the engine layer puts before it.
std::string engine_message(const std::string& message, const std::string& image) {
    std::string prefix = fmt::format("building {}: ", image);
    return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

}  // namespace

std::string image_name(const compose::Project& project, const compose::Service& svc) {
    if (!svc.image.empty()) {
        return svc.image;
    }
    // Image references are lowercase; a service name may not be.
    std::string name = project.name + "-" + svc.name;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name;
}

void name_built_images(compose::Project& project) {
    for (auto& svc : project.services) {
        if (svc.build && svc.image.empty()) {
            svc.image = image_name(project, svc);
        }
    }
}

void build_service_image(engine::Engine& engine, const compose::Project& project, const compose::Service& svc,
                         report::Reporter& reporter, const util::StopToken& stop) {
    const compose::Build& build = *svc.build;
    std::string image = image_name(project, svc);
    std::string where =
        fmt::format("{}:{}:{}: services.{}.build", svc.location.file, svc.location.line, svc.location.column, svc.name);
    engine::BuildConfig spec;
    if (build.remote) {
        reporter.note(fmt::format("{}: building image {} from {} (a remote context the engine fetches)", svc.name,
                                  image, build.context));
        spec.remote = build.context;
        spec.dockerfile = build.dockerfile;
    } else {
        auto context = pack_build_context(build);
        if (!context) {
            throw EngineError(fmt::format("{}: cannot build image \"{}\": {}", where, image, context.error().message));
        }
        std::string ignore_file = std::filesystem::path(context->ignore_file).filename().string();
        reporter.note(fmt::format("{}: building image {} from {} ({} KiB context{})", svc.name, image, build.context,
                                  (context->tar.size() + 1023) / 1024,
                                  ignore_file.empty() ? "" : ", " + ignore_file + " applied"));
        spec.context_tar = std::move(context->tar);
        spec.dockerfile = context->dockerfile;
    }
    spec.tags = {image};
    spec.target = build.target;
    spec.build_args = build.args;
    spec.labels = {{engine::label::k_project, project.name}, {engine::label::k_service, svc.name}};
    BuildOutput output(svc.name, reporter);
    StopWatch watch(stop);
    spec.cancel = watch.flag();
    auto built = engine.build_image(spec, [&](const engine::Progress& p) { output.feed(p); });
    if (!built) {
        stop.throw_if_stopped();
    }
    if (!built) {
        if (std::string tail = output.tail(); !tail.empty()) {
            reporter.service_logs(svc.name, tail);
        }
        std::string dockerfile =
            build.remote ? build.context + " (" + build.dockerfile + ")"
            : !build.dockerfile_inline.empty()
                ? "its dockerfile_inline"
                : (std::filesystem::path(build.context) / build.dockerfile).lexically_normal().string();
        throw EngineError(fmt::format("{}: building image \"{}\" from {}{} failed: {}", where, image, dockerfile,
                                      build.target.empty() ? "" : " (target " + build.target + ")",
                                      engine_message(built.error().message, image)));
    }
    reporter.note(fmt::format("{}: built image {} ({})", svc.name, image, built->substr(0, 19)));
}

}  // namespace dtx::images
