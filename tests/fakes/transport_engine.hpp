#pragma once
// A real engine::DockerEngine over a FakeTransport, already negotiated at API 1.41, so the engine's
// own tests (tests/unit/engine/) can check the wire format against canned Docker API answers
// ("/v1.41/..."). Tests above the engine use FakeEngine instead.

#include "engine/docker_engine.hpp"
#include "fakes/fake_transport.hpp"

#include <memory>
#include <stdexcept>

namespace dtx::fakes {

class TransportEngine {
public:
    TransportEngine() : TransportEngine(std::make_unique<FakeTransport>()) {}

    FakeTransport& transport() { return *m_transport; }
    dtx::engine::DockerEngine& engine() { return m_engine; }

private:
    explicit TransportEngine(std::unique_ptr<FakeTransport> transport)
        : m_transport(transport.get()), m_engine(std::move(transport)) {
        m_transport->on("GET /version", 200, R"({"Version":"20.10.24","ApiVersion":"1.41"})");
        if (!m_engine.negotiate().ok()) {
            throw std::logic_error("TransportEngine: negotiation with the fake transport failed");
        }
    }

    FakeTransport* m_transport;
    dtx::engine::DockerEngine m_engine;
};

}  // namespace dtx::fakes
