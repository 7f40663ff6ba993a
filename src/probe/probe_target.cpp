#include "probe/probe_target.hpp"

namespace dtx::probe {

namespace {

class ContainerTarget final : public ProbeTarget {
public:
    ContainerTarget(engine::Engine& engine, std::string container_id)
        : m_engine(engine), m_id(std::move(container_id)) {}

    util::Result<engine::ContainerState> state() override { return m_engine.inspect_container(m_id); }

    util::Status logs(bool tty, const engine::OutputSink& sink) override {
        return m_engine.stream_logs(m_id, engine::LogOptions{}, tty, sink);
    }

    util::Result<std::string> exec(const std::vector<std::string>& command) override {
        engine::ExecConfig spec;
        spec.cmd = command;
        spec.attach = false;  // attached, start_exec would block with no bound
        auto exec_id = m_engine.create_exec(m_id, spec);
        if (!exec_id) {
            return exec_id;
        }
        if (auto started = m_engine.start_exec(*exec_id, spec, {}); !started) {
            return started.error();
        }
        return exec_id;
    }

    util::Result<engine::ExecState> exec_state(const std::string& exec_id) override {
        return m_engine.inspect_exec(exec_id);
    }

private:
    engine::Engine& m_engine;
    std::string m_id;
};

}  // namespace

std::shared_ptr<ProbeTarget> container_target(engine::Engine& engine, std::string container_id) {
    return std::make_shared<ContainerTarget>(engine, std::move(container_id));
}

}  // namespace dtx::probe
