#include "probe/all_probe.hpp"

#include "fakes/scripted_probe.hpp"

#include <catch2/catch.hpp>

using namespace dtx::probe;
using dtx::fakes::ScriptedProbe;

namespace {

std::vector<std::unique_ptr<Probe>> probes(ScriptedProbe a, ScriptedProbe b) {
    std::vector<std::unique_ptr<Probe>> out;
    out.push_back(std::make_unique<ScriptedProbe>(std::move(a)));
    out.push_back(std::make_unique<ScriptedProbe>(std::move(b)));
    return out;
}

}  // namespace

TEST_CASE("all is ready once each probe was ready, in order, never asking a passed one again", "[probe]") {
    // The first passes on its second check, then fails forever after: it must not be asked again.
    ScriptedProbe first({ProbeResult::not_yet("refused"), ProbeResult::ready(), ProbeResult::failed("asked twice")},
                        "tcp");
    auto all = all_probe(probes(std::move(first), ScriptedProbe::ready_after(1, "status 503", "http")));
    CHECK(all->name() == "all(tcp, http)");
    auto r = all->check();
    CHECK(r.state == Readiness::not_yet);
    CHECK(r.reason == "tcp: refused");
    r = all->check();  // tcp passes, http not yet
    CHECK(r.state == Readiness::not_yet);
    CHECK(r.reason == "http: status 503");
    CHECK(all->check().state == Readiness::ready);
    CHECK(all->check().state == Readiness::ready);
}

TEST_CASE("all fails when a pending probe fails", "[probe]") {
    auto all = all_probe(
        probes(ScriptedProbe::ready_after(0, "", "tcp"), ScriptedProbe({ProbeResult::failed("exited")}, "log")));
    auto r = all->check();
    CHECK(r.state == Readiness::failed);
    CHECK(r.reason == "log: exited");
}

TEST_CASE("all under a name of its own does not repeat it in reasons", "[probe]") {
    auto all = all_probe(probes(ScriptedProbe::never("refused", "tcp"), ScriptedProbe::never("refused", "tcp")), "tcp");
    CHECK(all->name() == "tcp");
    CHECK(all->check().reason == "refused");
}
