#pragma once
// Dependency graph of services: cycle detection and start order, name-sorted so output is stable.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dtx::graph {

class Graph {
public:
    void add_node(const std::string& name);
    // `from` depends on `to`; both become nodes.
    void add_edge(const std::string& from, const std::string& to);

    // A cycle as its names with the first repeated at the end ({"a", "b", "a"}), the one reached first
    // in name order; empty when the graph has none.
    std::vector<std::string> find_cycle() const;

    // Every node after all of its dependencies; among nodes free at the same time, the highest
    // `priority` first, then name order. Nodes on a cycle are left out: check find_cycle() first.
    std::vector<std::string> topological_order(const std::function<int(const std::string&)>& priority = {}) const;

    const std::set<std::string>& dependencies(const std::string& name) const;

private:
    std::map<std::string, std::set<std::string>> m_deps;
};

// "a -> b -> a"
std::string format_cycle(const std::vector<std::string>& cycle);

}  // namespace dtx::graph
