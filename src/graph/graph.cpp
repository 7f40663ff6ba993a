#include "graph/graph.hpp"

#include <algorithm>
#include <queue>
#include <string_view>

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

// Kahn's algorithm with the free nodes in a heap: each node and edge is handled once, and each
// priority asked for once, so a file of thousands of services is ordered in milliseconds.
std::vector<std::string> Graph::topological_order(const std::function<int(const std::string&)>& priority) const {
    struct Free {
        int priority;
        const std::string* name;
        // The heap's top is the highest priority, then the first name.
        bool operator<(const Free& other) const {
            return priority != other.priority ? priority < other.priority : *name > *other.name;
        }
    };
    std::map<std::string_view, std::size_t> waiting_on;  // unplaced dependencies of each node
    std::map<std::string_view, std::vector<const std::string*>> dependants;
    std::priority_queue<Free> free;
    for (const auto& [node, deps] : m_deps) {
        waiting_on[node] = deps.size();
        for (const auto& dep : deps) {
            dependants[dep].push_back(&node);
        }
        if (deps.empty()) {
            free.push(Free{priority ? priority(node) : 0, &node});
        }
    }
    std::vector<std::string> order;
    order.reserve(m_deps.size());
    while (!free.empty()) {
        const std::string& next = *free.top().name;
        free.pop();
        order.push_back(next);
        auto it = dependants.find(next);
        if (it == dependants.end()) {
            continue;
        }
        for (const std::string* dependant : it->second) {
            if (--waiting_on[*dependant] == 0) {
                free.push(Free{priority ? priority(*dependant) : 0, dependant});
            }
        }
    }
    return order;  // nodes on a cycle never became free
}

std::string format_cycle(const std::vector<std::string>& cycle) {
    std::string out;
    for (const auto& name : cycle) {
        out += (out.empty() ? "" : " -> ") + name;
    }
    return out;
}

}  // namespace dtx::graph
