#pragma once
// What a probe may ask of the container it checks, and nothing more: its state, its output, and
// commands run in it. The probes' seam: container_target() answers it from an engine::Engine;
// tests use fakes::FakeProbeTarget.

#include "engine/engine.hpp"
#include "engine/types.hpp"
#include "util/result.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dtx::probe {

class ProbeTarget {
public:
    virtual ~ProbeTarget() = default;
    // The container's state now. A failure (the container is gone, the engine unreachable) keeps
    // the engine's message.
    virtual util::Result<engine::ContainerState> state() = 0;
    // Its stdout and stderr from the start, handed to `sink` as they are read, until the sink
    // returns false or the output so far is read (it does not follow). `tty`: the container runs
    // with a TTY (one raw stream, all stdout).
    virtual util::Status logs(bool tty, const engine::OutputSink& sink) = 0;
    // Starts `command` (argv, no shell) in the container, detached; returns the exec's id.
    // Errc::conflict: the container is not running; Errc::not_found: it is gone.
    virtual util::Result<std::string> exec(const std::vector<std::string>& command) = 0;
    // Whether exec `exec_id` still runs, and its exit code once it has ended.
    virtual util::Result<engine::ExecState> exec_state(const std::string& exec_id) = 0;
};

// The ProbeTarget of container `container_id` on `engine`, which must outlive it.
std::shared_ptr<ProbeTarget> container_target(engine::Engine& engine, std::string container_id);

}  // namespace dtx::probe
