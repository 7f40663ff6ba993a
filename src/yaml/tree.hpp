#pragma once
// A YAML document as dtx reads it: plain values with their location, after anchors, aliases and
// `<<` merge keys are resolved. Interpolation, merging and decoding work on this, never on yaml-cpp.

#include "yaml/location.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dtx::yaml {

struct Node {
    enum class Kind { null, scalar, sequence, mapping };
    Kind kind = Kind::null;
    std::string text;                            // a scalar's text
    bool quoted = false;                         // a scalar written in quotes ("5432" is still a string)
    std::string tag;                             // "!reset", "!override", or empty
    std::vector<Node> items;                     // a sequence's items
    std::vector<std::pair<Node, Node>> entries;  // a mapping's entries, in file order; keys are scalars
    Location location;

    // The destructor is defined in tree.cpp, where Node is complete: defined here, clang (with
    // libstdc++ 12) instantiates std::pair<Node, Node> while pair's own traits still need Node's
    // destructor. Declaring it means declaring the copies and moves too; they stay the defaults.
    Node() = default;
    Node(const Node&) = default;
    Node(Node&&) noexcept = default;
    Node& operator=(const Node&) = default;
    Node& operator=(Node&&) noexcept = default;
    ~Node();

    bool is_null() const { return kind == Kind::null; }
    bool is_scalar() const { return kind == Kind::scalar; }
    bool is_sequence() const { return kind == Kind::sequence; }
    bool is_mapping() const { return kind == Kind::mapping; }

    // The value of `key` in a mapping, or nullptr.
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    // Sets `key` (replacing its value, or appending it).
    void set(const Node& key, Node value);
    void erase(std::string_view key);

    static Node scalar(std::string text, Location location = {});
    static Node mapping(Location location = {});
    static Node sequence(Location location = {});
};

// "a mapping", "a list", "a string", "nothing (null)": for "expected X, found Y" messages.
const char* describe_kind(const Node& node);

// A problem found while reading a spec; `path` is the spec path such as `services.db.ports[1]`.
struct Diagnostic {
    Location location;
    std::string path;
    std::string message;

    // "FILE:LINE:COL: PATH: MESSAGE" (the parts that are known).
    std::string to_string() const;
};

struct ParsedFile {
    Node root;                       // null for an empty file
    std::vector<Diagnostic> errors;  // syntax error, duplicate keys, bad merge keys
};

// Parses YAML text. A syntax error stops parsing (one error); duplicate keys and bad `<<` values
// are all reported, and the first occurrence of a duplicate key is kept.
ParsedFile parse_yaml(const std::string& file, const std::string& text);

}  // namespace dtx::yaml
