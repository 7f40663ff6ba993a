// The only file of yaml/ that includes yaml-cpp; its exceptions end here.
#include "yaml/tree.hpp"

#include "util/printable.hpp"
#include "yaml/yaml_hints.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>

namespace dtx::yaml {

namespace {

// Aliases can make a small file expand exponentially ("billion laughs"); no real spec comes near.
constexpr size_t k_max_nodes = 1'000'000;
// An alias inside its own anchor makes a cycle; real specs nest a handful of levels.
constexpr size_t k_max_depth = 200;
struct TooLarge {};
struct TooDeep {};

struct DepthGuard {
    explicit DepthGuard(size_t& depth) : m_depth(depth) { ++m_depth; }
    ~DepthGuard() { --m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    size_t& m_depth;
};

class Converter {
public:
    explicit Converter(const std::string& file) : m_file(file) {}

    Node convert(const YAML::Node& y, const std::string& path) {
        if (++m_nodes > k_max_nodes) {
            throw TooLarge{};
        }
        if (m_depth >= k_max_depth) {
            throw TooDeep{};
        }
        DepthGuard guard(m_depth);
        Node n;
        n.location = where(y);
        const std::string& tag = y.Tag();
        if (tag == "!reset" || tag == "!override") {
            n.tag = tag;
        }
        switch (y.Type()) {
        case YAML::NodeType::Scalar:
            n.kind = Node::Kind::scalar;
            n.text = y.Scalar();
            n.quoted = tag == "!";
            break;
        case YAML::NodeType::Sequence:
            n.kind = Node::Kind::sequence;
            for (size_t i = 0; i < y.size(); ++i) {
                n.items.push_back(convert(y[i], fmt::format("{}[{}]", path, i)));
            }
            break;
        case YAML::NodeType::Map:
            n.kind = Node::Kind::mapping;
            convert_mapping(y, path, n);
            break;
        default:
            n.kind = Node::Kind::null;
        }
        return n;
    }

    std::vector<Diagnostic> errors;

private:
    Location where(const YAML::Node& y) const {
        auto mark = y.Mark();
        return mark.is_null() ? Location{m_file, 0, 0} : Location{m_file, mark.line + 1, mark.column + 1};
    }

    static std::string child_path(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

    void convert_mapping(const YAML::Node& y, const std::string& path, Node& n) {
        std::vector<Node> merged;  // from `<<`: they fill in keys the mapping does not set itself
        for (const auto& entry : y) {
            if (!entry.first.IsScalar()) {
                errors.push_back(
                    {where(entry.first), path.empty() ? "(top level)" : path, "a mapping key must be a plain string"});
                continue;
            }
            const std::string& key = entry.first.Scalar();
            if (key == "<<" && entry.first.Tag() != "!") {
                collect_merge(entry.second, child_path(path, key), merged);
                continue;
            }
            auto first =
                std::find_if(n.entries.begin(), n.entries.end(), [&](const auto& e) { return e.first.text == key; });
            if (first != n.entries.end()) {
                errors.push_back({where(entry.first), child_path(path, key),
                                  fmt::format("duplicate key \"{}\" (first at line {}); keep only one", key,
                                              first->first.location.line)});
                continue;
            }
            Node key_node = Node::scalar(key, where(entry.first));
            Node value = convert(entry.second, child_path(path, key));
            if (value.is_null()) {
                value.location = key_node.location;  // an empty value has no place of its own
            }
            n.entries.emplace_back(std::move(key_node), std::move(value));
        }
        for (const auto& source : merged) {
            for (const auto& [key, value] : source.entries) {
                if (n.find(key.text) == nullptr) {
                    n.entries.emplace_back(key, value);
                }
            }
        }
    }

    void collect_merge(const YAML::Node& value, const std::string& path, std::vector<Node>& merged) {
        if (m_depth >= k_max_depth) {
            throw TooDeep{};
        }
        DepthGuard guard(m_depth);
        if (value.IsMap()) {
            merged.push_back(convert(value, path));
        } else if (value.IsSequence()) {
            for (size_t i = 0; i < value.size(); ++i) {
                collect_merge(value[i], fmt::format("{}[{}]", path, i), merged);
            }
        } else {
            errors.push_back({where(value), path, "a << merge key takes a mapping or a list of mappings"});
        }
    }

    std::string m_file;
    size_t m_nodes = 0;
    size_t m_depth = 0;
};

}  // namespace

Node::~Node() = default;

const Node* Node::find(std::string_view key) const {
    for (const auto& [k, v] : entries) {
        if (k.text == key) {
            return &v;
        }
    }
    return nullptr;
}

Node* Node::find(std::string_view key) {
    return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

void Node::set(const Node& key, Node value) {
    if (Node* existing = find(key.text)) {
        *existing = std::move(value);
    } else {
        entries.emplace_back(key, std::move(value));
    }
}

void Node::erase(std::string_view key) {
    std::erase_if(entries, [&](const auto& e) { return e.first.text == key; });
}

Node Node::scalar(std::string text, Location location) {
    Node n;
    n.kind = Kind::scalar;
    n.text = std::move(text);
    n.location = std::move(location);
    return n;
}

Node Node::mapping(Location location) {
    Node n;
    n.kind = Kind::mapping;
    n.location = std::move(location);
    return n;
}

Node Node::sequence(Location location) {
    Node n;
    n.kind = Kind::sequence;
    n.location = std::move(location);
    return n;
}

const char* describe_kind(const Node& node) {
    switch (node.kind) {
    case Node::Kind::mapping:
        return "a mapping";
    case Node::Kind::sequence:
        return "a list";
    case Node::Kind::null:
        return "nothing (null)";
    case Node::Kind::scalar:
        break;
    }
    return "a string";
}

// Every spec error and warning is printed through here, and keys and values in them come from the
// file: this is the one place that keeps a control byte in a spec from reaching the terminal.
std::string Diagnostic::to_string() const {
    if (location.file.empty()) {
        return util::printable(path.empty() ? message : fmt::format("{}: {}", path, message));
    }
    std::string where = location.file;
    if (location.line > 0) {
        where += fmt::format(":{}:{}", location.line, location.column);
    }
    return util::printable(path.empty() ? fmt::format("{}: {}", where, message)
                                        : fmt::format("{}: {}: {}", where, path, message));
}

ParsedFile parse_yaml(const std::string& file, const std::string& text) {
    ParsedFile parsed;
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        auto explained = explain_syntax_error(file, text, e.mark.line);
        parsed.errors.push_back(explained ? *explained
                                          : Diagnostic{Location{file, e.mark.line + 1, e.mark.column + 1}, "",
                                                       "YAML syntax error: " + e.msg});
        return parsed;
    }
    Converter converter(file);
    try {
        parsed.root = converter.convert(root, "");
    } catch (const YAML::Exception& e) {
        converter.errors.push_back({Location{file, e.mark.line + 1, e.mark.column + 1}, "", "YAML error: " + e.msg});
    } catch (const TooDeep&) {
        parsed.root = Node{};
        converter.errors.push_back(
            {Location{file, 0, 0}, "",
             fmt::format("values nest deeper than {} levels (an alias inside its own anchor?)", k_max_depth)});
    } catch (const TooLarge&) {
        parsed.root = Node{};
        converter.errors.push_back(
            {Location{file, 0, 0}, "",
             fmt::format("the document expands to more than {} values (through aliases?)", k_max_nodes)});
    }
    parsed.errors = std::move(converter.errors);
    return parsed;
}

}  // namespace dtx::yaml
