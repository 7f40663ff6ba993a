#include "graph/graph.hpp"

#include <algorithm>

namespace dtx::graph {

void Graph::add_node(const std::string& name) {
    m_deps[name];
}

void Graph::add_edge(const std::string& from, const std::string& to) {
    m_deps[from].insert(to);
    m_deps[to];
}

const std::set<std::string>& Graph::dependencies(const std::string& name) const {
    static const std::set<std::string> k_none;
    auto it = m_deps.find(name);
    return it == m_deps.end() ? k_none : it->second;
}

std::vector<std::string> Graph::find_cycle() const {
    enum class Mark { unseen, active, done };
    std::map<std::string, Mark> marks;
    std::vector<std::string> stack;
    std::vector<std::string> cycle;

    auto visit = [&](auto& self, const std::string& node) -> bool {
        marks[node] = Mark::active;
        stack.push_back(node);
        for (const auto& dep : dependencies(node)) {
            if (marks[dep] == Mark::active) {
                auto start = std::find(stack.begin(), stack.end(), dep);
                cycle.assign(start, stack.end());
                cycle.push_back(dep);
                return true;
            }
            if (marks[dep] == Mark::unseen && self(self, dep)) {
                return true;
            }
        }
        stack.pop_back();
        marks[node] = Mark::done;
        return false;
    };
    for (const auto& [node, deps] : m_deps) {
        if (marks[node] == Mark::unseen && visit(visit, node)) {
            return cycle;
        }
    }
    return {};
}

std::vector<std::string> Graph::topological_order(const std::function<int(const std::string&)>& priority) const {
    std::vector<std::string> order;
    std::set<std::string> placed;
    for (;;) {
        const std::string* best = nullptr;
        int best_priority = 0;
        for (const auto& [node, deps] : m_deps) {  // name order, so ties go to the first name
            if (placed.count(node) != 0 ||
                !std::all_of(deps.begin(), deps.end(), [&](const auto& d) { return placed.count(d) != 0; })) {
                continue;
            }
            int p = priority ? priority(node) : 0;
            if (best == nullptr || p > best_priority) {
                best = &node;
                best_priority = p;
            }
        }
        if (best == nullptr) {
            return order;
        }
        order.push_back(*best);
        placed.insert(*best);
    }
}

std::string format_cycle(const std::vector<std::string>& cycle) {
    std::string out;
    for (const auto& name : cycle) {
        out += (out.empty() ? "" : " -> ") + name;
    }
    return out;
}

}  // namespace dtx::graph
