#include "graph/graph.hpp"

#include <catch2/catch.hpp>

#include <map>

using dtx::graph::format_cycle;
using dtx::graph::Graph;
using Names = std::vector<std::string>;

TEST_CASE("a graph without cycles has no cycle", "[graph]") {
    Graph g;
    g.add_edge("app", "db");
    g.add_edge("app", "cache");
    g.add_edge("cache", "db");
    g.add_node("lonely");
    CHECK(g.find_cycle().empty());
}

TEST_CASE("an empty graph has no cycle and no order", "[graph]") {
    Graph g;
    CHECK(g.find_cycle().empty());
    CHECK(g.topological_order().empty());
}

TEST_CASE("a node depending on itself is a cycle of one", "[graph]") {
    Graph g;
    g.add_edge("a", "a");
    CHECK(g.find_cycle() == Names{"a", "a"});
}

TEST_CASE("two nodes depending on each other are a cycle repeated at the end", "[graph]") {
    Graph g;
    g.add_edge("a", "b");
    g.add_edge("b", "a");
    CHECK(g.find_cycle() == Names{"a", "b", "a"});
}

TEST_CASE("a longer cycle is reported without the nodes leading into it", "[graph]") {
    Graph g;
    g.add_edge("a", "b");  // a leads into the cycle b -> c -> d -> b
    g.add_edge("b", "c");
    g.add_edge("c", "d");
    g.add_edge("d", "b");
    g.add_node("e");
    CHECK(g.find_cycle() == Names{"b", "c", "d", "b"});
}

TEST_CASE("a cycle is formatted with arrows", "[graph]") {
    CHECK(format_cycle({"a", "b", "a"}) == "a -> b -> a");
    CHECK(format_cycle({"a", "a"}) == "a -> a");
    CHECK(format_cycle({}).empty());
}

TEST_CASE("adding an edge makes both ends nodes", "[graph]") {
    Graph g;
    g.add_edge("app", "db");
    CHECK(g.dependencies("app") == std::set<std::string>{"db"});
    CHECK(g.dependencies("db").empty());
    CHECK(g.dependencies("unknown").empty());
    CHECK(g.topological_order() == Names{"db", "app"});
}

TEST_CASE("a chain is ordered from its end", "[graph]") {
    Graph g;
    g.add_edge("a", "b");
    g.add_edge("b", "c");
    CHECK(g.topological_order() == Names{"c", "b", "a"});
}

TEST_CASE("a diamond puts the shared dependency first and the top last, ties by name", "[graph]") {
    Graph g;
    g.add_edge("app", "left");
    g.add_edge("app", "right");
    g.add_edge("left", "base");
    g.add_edge("right", "base");
    CHECK(g.topological_order() == Names{"base", "left", "right", "app"});
}

TEST_CASE("priority decides among nodes free at the same time", "[graph]") {
    Graph g;
    g.add_edge("app", "left");
    g.add_edge("app", "right");
    g.add_edge("left", "base");
    g.add_edge("right", "base");
    std::map<std::string, int> priority = {{"right", 5}};
    auto order = g.topological_order([&](const std::string& n) { return priority.count(n) ? priority[n] : 0; });
    CHECK(order == Names{"base", "right", "left", "app"});
}

TEST_CASE("priority never moves a node ahead of its dependencies", "[graph]") {
    Graph g;
    g.add_edge("db", "volume-init");  // db is urgent but must wait for volume-init
    g.add_node("cache");
    std::map<std::string, int> priority = {{"db", 10}};
    auto order = g.topological_order([&](const std::string& n) { return priority.count(n) ? priority[n] : 0; });
    CHECK(order == Names{"cache", "volume-init", "db"});
}

TEST_CASE("without priority, free nodes go in name order", "[graph]") {
    Graph g;
    for (const char* n : {"zeta", "alpha", "mid"}) {
        g.add_node(n);
    }
    CHECK(g.topological_order() == Names{"alpha", "mid", "zeta"});
}

TEST_CASE("nodes on a cycle are left out of the order", "[graph]") {
    Graph g;
    g.add_edge("a", "b");
    g.add_edge("b", "a");
    g.add_node("c");
    CHECK(g.topological_order() == Names{"c"});
}
