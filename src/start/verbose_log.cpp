#include "start/verbose_log.hpp"

#include "kind/kind.hpp"
#include "util/reason_throttle.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <memory>

namespace dtx::start {

namespace {

std::string kind_reason(const plan::ServicePlan& sp, const compose::Service& svc) {
    if (kind::kind_named(svc.dtx.kind)) {
        return "x-dtx.kind";
    }
    if (sp.kind_origin == "the image name") {
        return "from its image " + svc.image;
    }
    if (sp.kind_origin == "x-dtx.wait") {
        return "from its x-dtx.wait";
    }
    if (!sp.kind_origin.empty()) {
        return "from " + sp.kind_origin;  // the image's PG_MAJOR
    }
    return svc.image.empty() ? "no image to tell it by" : "no kind is known for image " + svc.image;
}

std::string wait_reason(const plan::ServicePlan& sp) {
    const std::string& origin = sp.wait.origin;
    if (origin == "x-dtx.wait") {
        return "set by its x-dtx.wait";
    }
    if (origin == "kind") {
        return "the native probe of its kind";
    }
    if (origin == "healthcheck") {
        return "its healthcheck, run by dtx: no native probe for its kind";
    }
    if (origin == "ports") {
        return "tcp on every published port: no native probe and no healthcheck";
    }
    if (origin == "no ports") {
        return "nothing to connect to: ready once it runs";
    }
    return origin;
}

}  // namespace

std::string kind_line(const plan::ServicePlan& sp, const compose::Service& svc) {
    return fmt::format("{}: kind {} ({})", sp.service, kind::kind_name(sp.kind), kind_reason(sp, svc));
}

std::string readiness_line(const plan::ServicePlan& sp) {
    return fmt::format("{}: readiness {} ({})", sp.service, sp.wait.describe(), wait_reason(sp));
}

std::string ports_line(const std::string& service, const std::vector<engine::PublishedPort>& ports) {
    std::string list;
    for (const auto& p : ports) {
        list += fmt::format("{}{}:{} -> {}/{}", list.empty() ? "" : ", ", p.host_ip.empty() ? "0.0.0.0" : p.host_ip,
                            p.host_port, p.container_port, p.protocol);
    }
    return fmt::format("{}: publishes {}", service, list.empty() ? "no port" : list);
}

void log_service_decisions(const plan::ServicePlan& sp, const compose::Service& svc,
                           const engine::ContainerState& state) {
    if (!spdlog::should_log(spdlog::level::debug)) {
        return;
    }
    spdlog::debug(kind_line(sp, svc));
    spdlog::debug(readiness_line(sp));
    spdlog::debug(ports_line(sp.service, state.ports));
}

std::function<void(const std::string&, util::Duration)> not_ready_logger(const std::string& service,
                                                                         util::Clock& clock) {
    if (!spdlog::should_log(spdlog::level::debug)) {
        return {};
    }
    auto throttle = std::make_shared<util::ReasonThrottle>(k_not_ready_log_every);
    return [service, &clock, throttle](const std::string& reason, util::Duration waited) {
        if (throttle->allow(reason, clock.now())) {
            spdlog::debug("{}: not ready after {} ms ({})", service, util::to_ms(waited), reason);
        }
    };
}

}  // namespace dtx::start
