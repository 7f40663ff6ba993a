// The container area of DockerEngine (kill, wait, logs, exec, events, create) over a fake transport.
#include "fakes/transport_engine.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dtx::engine;
using namespace std::chrono_literals;
using dtx::fakes::TransportEngine;
using dtx::util::Errc;
using Json = nlohmann::json;

namespace {

// An exec of `cmd` with every other setting at its default.
ExecConfig command(std::vector<std::string> cmd) {
    ExecConfig spec;
    spec.cmd = std::move(cmd);
    return spec;
}

// One multiplexed frame: stream type, three zero bytes, big-endian length, payload.
std::string frame(StreamKind kind, const std::string& payload) {
    std::string out(8, '\0');
    out[0] = static_cast<char>(kind);
    auto n = static_cast<std::uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) {
        out[7 - i] = static_cast<char>((n >> (8 * i)) & 0xff);
    }
    return out + payload;
}

// What an OutputSink received, joined per stream, and in order with a stream marker.
struct Collected {
    std::string out;
    std::string err;
    std::string both;

    OutputSink sink() {
        return [this](StreamKind kind, std::string_view text) {
            (kind == StreamKind::stderr_ ? err : out).append(text);
            both.append(kind == StreamKind::stderr_ ? "E:" : "O:").append(text);
            return true;
        };
    }
};

// stdout, stderr, an empty frame, and a last stdout line without a newline.
std::string multiplexed() {
    return frame(StreamKind::stdout_, "out 1\n") + frame(StreamKind::stderr_, "err 1\n") +
           frame(StreamKind::stdout_, "") + frame(StreamKind::stdout_, "out 2 no newline");
}

}  // namespace

TEST_CASE("kill posts the encoded signal to the encoded container", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/a%20b/kill", 204);
    REQUIRE(rig.engine().kill_container("a b", "SIGRTMIN+3").ok());
    CHECK(rig.transport().request_lines().back() == "POST /v1.41/containers/a%20b/kill?signal=SIGRTMIN%2B3");
}

TEST_CASE("killing a container that is not running is a conflict with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/c/kill", 409, R"({"message":"Container c is not running"})");
    auto status = rig.engine().kill_container("c", "KILL");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::conflict);
    CHECK_THAT(status.error().message, Catch::Contains("Container c is not running"));
}

TEST_CASE("wait asks for not-running without a timeout and returns the status code", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/c/wait", 200, R"({"StatusCode":3,"Error":null})");
    auto code = rig.engine().wait_container("c");
    REQUIRE(code.ok());
    CHECK(*code == 3);
    auto request = rig.transport().requests().back();
    CHECK(request.path == "/v1.41/containers/c/wait?condition=not-running");
    CHECK(request.timeout == 0ms);
}

TEST_CASE("a wait answer carrying an error is a failure naming the container", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/c/wait", 200, R"({"StatusCode":-1,"Error":{"Message":"boom"}})");
    auto code = rig.engine().wait_container("c");
    REQUIRE_FALSE(code.ok());
    CHECK(code.error().message == "waiting for container c: boom");
}

TEST_CASE("waiting for a missing container is not_found with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/gone/wait", 404, R"({"message":"No such container: gone"})");
    auto code = rig.engine().wait_container("gone");
    REQUIRE_FALSE(code.ok());
    CHECK(code.error().code == Errc::not_found);
    CHECK(code.error().message == "waiting for container gone: No such container: gone");
}

TEST_CASE("streamed logs ask for every option explicitly, with a timeout when not following", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c/logs", 200, "");
    REQUIRE(rig.engine().stream_logs("c", LogOptions{}, false, [](StreamKind, std::string_view) { return true; }).ok());
    auto request = rig.transport().requests().back();
    CHECK(request.path == "/v1.41/containers/c/logs?stdout=1&stderr=1&tail=all&since=0&timestamps=0&follow=0");
    CHECK(request.timeout > 0ms);
}

TEST_CASE("following logs has no timeout and passes the cancel flag", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c/logs", 200, "");
    std::atomic<bool> cancel{false};
    LogOptions options{true, false, 10, 1700000000, true, true};
    REQUIRE(rig.engine().stream_logs("c", options, false, {}, &cancel).ok());
    auto request = rig.transport().requests().back();
    CHECK(request.path == "/v1.41/containers/c/logs?stdout=1&stderr=0&tail=10&since=1700000000&timestamps=1&follow=1");
    CHECK(request.timeout == 0ms);
    CHECK(request.cancel == &cancel);
}

TEST_CASE("streamed logs are demultiplexed whatever byte the chunks split at", "[engine]") {
    for (size_t chunk = 1; chunk <= multiplexed().size(); ++chunk) {
        CAPTURE(chunk);
        TransportEngine rig;
        rig.transport().on("GET /v1.41/containers/c/logs", 200, multiplexed());
        rig.transport().set_chunk_size(chunk);
        Collected got;
        REQUIRE(rig.engine().stream_logs("c", LogOptions{}, false, got.sink()).ok());
        CHECK(got.out == "out 1\nout 2 no newline");
        CHECK(got.err == "err 1\n");
        CHECK(got.both == "O:out 1\nE:err 1\nO:O:out 2 no newline");
    }
}

TEST_CASE("the logs of a TTY container are passed through raw as stdout", "[engine]") {
    const std::string raw = std::string("\x01\0\0\0 not a header\r\n", 18) + "\x1b[1mbold\x1b[0m\r\n";
    for (size_t chunk : {size_t{1}, size_t{5}, size_t{0}}) {
        TransportEngine rig;
        rig.transport().on("GET /v1.41/containers/c/logs", 200, raw);
        rig.transport().set_chunk_size(chunk);
        Collected got;
        REQUIRE(rig.engine().stream_logs("c", LogOptions{}, true, got.sink()).ok());
        CHECK(got.out == raw);
        CHECK(got.err.empty());
    }
}

TEST_CASE("a logs sink returning false stops the stream", "[engine]") {
    for (size_t chunk : {size_t{0}, size_t{1}, size_t{7}}) {
        TransportEngine rig;
        rig.transport().on("GET /v1.41/containers/c/logs", 200, multiplexed());
        rig.transport().set_chunk_size(chunk);
        int calls = 0;
        auto sink = [&](StreamKind, std::string_view) { return ++calls < 2; };
        REQUIRE(rig.engine().stream_logs("c", LogOptions{}, false, sink).ok());
        CHECK(calls == 2);
    }
}

TEST_CASE("streaming the logs of a missing container is not_found", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/gone/logs", 404, R"({"message":"No such container: gone"})");
    auto status = rig.engine().stream_logs("gone", LogOptions{}, false, {});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::not_found);
    CHECK(status.error().message == "logs of gone: No such container: gone");
}

TEST_CASE("logs collect stdout and stderr in the order written", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c/logs", 200, multiplexed());
    auto text = rig.engine().logs("c", -1);
    REQUIRE(text.ok());
    CHECK(*text == "out 1\nerr 1\nout 2 no newline");
    CHECK(rig.transport().request_lines().back() == "GET /v1.41/containers/c/logs?stdout=1&stderr=1&tail=all");
}

TEST_CASE("logs of a TTY container are returned as written, not demultiplexed", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c/logs", 200, "hello\r\nworld\r\n");
    CHECK(rig.engine().logs("c", 5).value() == "hello\r\nworld\r\n");
}

TEST_CASE("creating an exec posts its command and returns the exec id", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/c%2F1/exec", 201, R"({"Id":"e1"})");
    auto id = rig.engine().create_exec("c/1", ExecConfig{{"sh", "-c", "exit 3"}, {"A=1"}, "root", "/", false, true});
    REQUIRE(id.ok());
    CHECK(*id == "e1");
    auto body = Json::parse(rig.transport().requests().back().body);
    CHECK(body["Cmd"] == Json({"sh", "-c", "exit 3"}));
    CHECK(body["Env"] == Json({"A=1"}));
    CHECK(body["User"] == "root");
    CHECK(body["AttachStdin"] == false);
    CHECK(body["AttachStdout"] == true);
}

TEST_CASE("an exec in a stopped container is a conflict with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/c/exec", 409, R"({"message":"Container c is not running"})");
    auto id = rig.engine().create_exec("c", command({"true"}));
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == Errc::conflict);
    CHECK(id.error().message == "exec in container c: Container c is not running");
}

TEST_CASE("an attached exec streams its demultiplexed output without a timeout", "[engine]") {
    for (size_t chunk = 1; chunk <= multiplexed().size(); chunk += 3) {
        TransportEngine rig;
        rig.transport().on("POST /v1.41/exec/e1/start", 200, multiplexed());
        rig.transport().set_chunk_size(chunk);
        Collected got;
        REQUIRE(rig.engine().start_exec("e1", command({"sh"}), got.sink()).ok());
        CHECK(got.both == "O:out 1\nE:err 1\nO:O:out 2 no newline");
        auto request = rig.transport().requests().back();
        CHECK(Json::parse(request.body) == Json({{"Detach", false}, {"Tty", false}}));
        CHECK(request.timeout == 0ms);
    }
}

TEST_CASE("an exec with a TTY streams raw output as stdout", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/exec/e1/start", 200, "prompt$ \r\n");
    ExecConfig spec = command({"sh"});
    spec.tty = true;
    Collected got;
    REQUIRE(rig.engine().start_exec("e1", spec, got.sink()).ok());
    CHECK(got.out == "prompt$ \r\n");
    CHECK(Json::parse(rig.transport().requests().back().body) == Json({{"Detach", false}, {"Tty", true}}));
}

TEST_CASE("a detached exec starts with Detach and a timeout", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/exec/e1/start", 200, "");
    ExecConfig spec = command({"sleep", "5"});
    spec.attach = false;
    REQUIRE(rig.engine().start_exec("e1", spec, {}).ok());
    auto request = rig.transport().requests().back();
    CHECK(Json::parse(request.body)["Detach"] == true);
    CHECK(request.timeout > 0ms);
}

TEST_CASE("starting a missing exec is not_found", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/exec/e9/start", 404, R"({"message":"No such exec instance: e9"})");
    auto status = rig.engine().start_exec("e9", command({"true"}), {});
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::not_found);
    CHECK_THAT(status.error().message, Catch::Contains("No such exec instance: e9"));
}

TEST_CASE("inspecting an exec gives its exit code", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/exec/e1/json", 200, R"({"Running":false,"ExitCode":3,"Pid":12})");
    auto state = rig.engine().inspect_exec("e1");
    REQUIRE(state.ok());
    CHECK(state->exit_code == 3);
    CHECK(state->pid == 12);
}

namespace {

std::string events_body() {
    return R"({"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"dev.dtx.run":"r1"}},"timeNano":1})"
           "\n"
           R"({"Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"exitCode":"1"}},"timeNano":2})"
           "\n";
}

}  // namespace

TEST_CASE("events follow without a timeout and encode the filters", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 200, "");
    std::atomic<bool> cancel{false};
    EventFilter filter{{"dev.dtx.run=r1"}, {"container"}, {"die"}, 0, 0};
    REQUIRE(rig.engine()
                .events(
                    filter, [](const Event&) { return true; }, &cancel)
                .ok());
    auto request = rig.transport().requests().back();
    CHECK(request.path ==
          "/v1.41/"
          "events?filters=%7B%22event%22%3A%5B%22die%22%5D%2C%22label%22%3A%5B%22dev.dtx.run%3Dr1%22%5D%2C%22type%22%"
          "3A%5B%22container%22%5D%7D");
    CHECK(request.timeout == 0ms);
    CHECK(request.cancel == &cancel);
}

TEST_CASE("events with since and until pass both and get a timeout", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 200, "");
    REQUIRE(rig.engine().events(EventFilter{{}, {}, {}, 100, 200}, [](const Event&) { return true; }).ok());
    auto request = rig.transport().requests().back();
    CHECK(request.path == "/v1.41/events?filters=%7B%7D&since=100&until=200");
    CHECK(request.timeout > 0ms);
}

TEST_CASE("events are parsed in order whatever byte the chunks split at", "[engine]") {
    for (size_t chunk = 1; chunk <= events_body().size(); ++chunk) {
        CAPTURE(chunk);
        TransportEngine rig;
        rig.transport().on("GET /v1.41/events", 200, events_body());
        rig.transport().set_chunk_size(chunk);
        std::vector<Event> got;
        REQUIRE(rig.engine()
                    .events({},
                            [&](const Event& e) {
                                got.push_back(e);
                                return true;
                            })
                    .ok());
        REQUIRE(got.size() == 2);
        CHECK(got[0].action == "start");
        CHECK(got[0].attributes.at("dev.dtx.run") == "r1");
        CHECK(got[1].type == "container");
        CHECK(got[1].action == "die");
        CHECK(got[1].id == "c1");
        CHECK(got[1].attributes.at("exitCode") == "1");
        CHECK(got[1].time_nano == 2);
    }
}

TEST_CASE("an events stream ending without a newline still gives its last event", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 200, events_body().substr(0, events_body().size() - 1));
    int count = 0;
    REQUIRE(rig.engine().events({}, [&](const Event&) { return ++count > 0; }).ok());
    CHECK(count == 2);
}

TEST_CASE("an events sink returning false stops at that event", "[engine]") {
    for (size_t chunk : {size_t{0}, size_t{1}, size_t{10}}) {
        TransportEngine rig;
        rig.transport().on("GET /v1.41/events", 200, events_body());
        rig.transport().set_chunk_size(chunk);
        int count = 0;
        REQUIRE(rig.engine().events({}, [&](const Event&) { return ++count < 1; }).ok());
        CHECK(count == 1);
    }
}

TEST_CASE("a cancelled events stream ending mid-line is a normal end", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 200, events_body() + R"({"Type":"contai)");
    std::atomic<bool> cancel{true};
    int count = 0;
    auto status = rig.engine().events(
        {}, [&](const Event&) { return ++count > 0; }, &cancel);
    CHECK(status.ok());
    CHECK(count == 2);
}

TEST_CASE("an events line that is not JSON is an invalid answer", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 200, "<html>\n");
    auto status = rig.engine().events({}, [](const Event&) { return true; });
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::invalid);
}

TEST_CASE("an events request the engine refuses is a failure with its message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/events", 400, R"({"message":"invalid filter 'colour'"})");
    auto status = rig.engine().events({}, [](const Event&) { return true; });
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == Errc::bad_request);
    CHECK_THAT(status.error().message, Catch::Contains("invalid filter 'colour'"));
}

TEST_CASE("creating a container at API 1.41 leaves the healthcheck start_interval out", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/create", 201, R"({"Id":"c1","Warnings":[]})");
    ContainerConfig spec;
    spec.name = "dtx-r1-db";
    spec.healthcheck = HealthcheckConfig{{"CMD", "true"}, 1s, 1s, 0s, 100ms, 3};
    REQUIRE(rig.engine().create_container(spec).ok());
    auto body = Json::parse(rig.transport().requests().back().body);
    CHECK(body["Healthcheck"]["Retries"] == 3);
    CHECK_FALSE(body["Healthcheck"].contains("StartInterval"));
}

TEST_CASE("creating a container whose name is taken is a conflict", "[engine]") {
    TransportEngine rig;
    rig.transport().on("POST /v1.41/containers/create", 409,
                       R"({"message":"Conflict. The container name \"/db\" is already in use"})");
    ContainerConfig spec;
    spec.name = "db";
    auto id = rig.engine().create_container(spec);
    REQUIRE_FALSE(id.ok());
    CHECK(id.error().code == Errc::conflict);
    CHECK_THAT(id.error().message, Catch::Contains("creating container db") && Catch::Contains("already in use"));
}

TEST_CASE("inspecting a TTY container tells so", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c/json", 200, R"({"Id":"c","Config":{"Tty":true},"State":{}})");
    auto state = rig.engine().inspect_container("c");
    REQUIRE(state.ok());
    CHECK(state->tty);
}

// The wire side of what teardown, down, prune and the running probe ask (their own tests use FakeEngine).

TEST_CASE("inspecting a missing container is not_found with the engine's message", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c1/json", 404, R"({"message":"No such container: c1"})");
    auto state = rig.engine().inspect_container("c1");
    REQUIRE_FALSE(state.ok());
    CHECK(state.error().code == Errc::not_found);
    CHECK(state.error().message == "container c1: No such container: c1");
}

TEST_CASE("an inspected container's state says created, running or exited with its code", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/c1/json", 200,
                       R"({"Id":"c1","State":{"Status":"created","Running":false}})");
    rig.transport().on("GET /v1.41/containers/c2/json", 200,
                       R"({"Id":"c2","State":{"Status":"exited","Running":false,"ExitCode":3,)"
                       R"("StartedAt":"2023-11-14T22:13:20Z"}})");
    auto created = rig.engine().inspect_container("c1");
    REQUIRE(created.ok());
    CHECK(created->status == "created");
    CHECK_FALSE(created->running);
    auto exited = rig.engine().inspect_container("c2");
    REQUIRE(exited.ok());
    CHECK(exited->status == "exited");
    CHECK(exited->exit_code == 3);
    CHECK(exited->started_at == "2023-11-14T22:13:20Z");
}

TEST_CASE("removing a container forces it and takes its anonymous volumes", "[engine]") {
    TransportEngine rig;
    rig.transport().on("DELETE /v1.41/containers/c1", 204);
    rig.transport().on("DELETE /v1.41/containers/c2", 404, R"({"message":"No such container: c2"})");
    rig.transport().on("DELETE /v1.41/containers/c3", 500, R"({"message":"driver failed"})");
    CHECK(rig.engine().remove_container("c1").ok());
    CHECK(rig.transport().request_lines().back() == "DELETE /v1.41/containers/c1?force=1&v=1");
    CHECK(rig.engine().remove_container("c2").error().code == Errc::not_found);
    auto failed = rig.engine().remove_container("c3");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == Errc::server);
    CHECK(failed.error().message == "removing container c3: driver failed");
}

TEST_CASE("listing containers asks for stopped ones too, filtered by every label", "[engine]") {
    TransportEngine rig;
    rig.transport().on("GET /v1.41/containers/json", 200,
                       R"([{"Id":"c1","Names":["/dtx-shop-db"],"State":"running",)"
                       R"("Labels":{"dev.dtx.run":"shop","dev.dtx.project":"shop"}},{"Id":"c2","Names":["/x"]}])");
    auto listed = rig.engine().list_containers({"dev.dtx.run=shop", "dev.dtx.project=shop"});
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 2);
    CHECK((*listed)[0].id == "c1");
    CHECK((*listed)[0].name == "dtx-shop-db");
    CHECK((*listed)[0].state == "running");
    CHECK((*listed)[0].labels.at("dev.dtx.project") == "shop");
    CHECK((*listed)[1].labels.empty());
    CHECK(rig.transport().request_lines().back() ==
          "GET /v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22dev.dtx.run%3Dshop%22%2C%22dev."
          "dtx.project%3Dshop%22%5D%7D");
}
