#include "load/merge.hpp"

#include <algorithm>
#include <array>
#include <span>

namespace dtx::load {

namespace {

constexpr auto k_replaced = std::to_array<std::string_view>({"command", "entrypoint"});
constexpr auto k_named_values = std::to_array<std::string_view>({"environment", "labels", "extra_hosts"});
constexpr auto k_named_sets = std::to_array<std::string_view>({"depends_on", "networks"});

bool in(std::span<const std::string_view> list, std::string_view key) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

bool same(const yaml::Node& a, const yaml::Node& b) {
    if (a.kind != b.kind || a.text != b.text || a.items.size() != b.items.size() ||
        a.entries.size() != b.entries.size()) {
        return false;
    }
    for (size_t i = 0; i < a.items.size(); ++i) {
        if (!same(a.items[i], b.items[i])) {
            return false;
        }
    }
    for (size_t i = 0; i < a.entries.size(); ++i) {
        if (a.entries[i].first.text != b.entries[i].first.text || !same(a.entries[i].second, b.entries[i].second)) {
            return false;
        }
    }
    return true;
}

// "KEY=VALUE" / "host:ip" lists become mappings so that two forms merge by name.
yaml::Node as_mapping(const yaml::Node& node, char separator) {
    if (!node.is_sequence()) {
        return node;
    }
    yaml::Node map = yaml::Node::mapping(node.location);
    map.tag = node.tag;
    for (const auto& item : node.items) {
        if (!item.is_scalar()) {
            return node;  // not a list of strings; decoding reports it
        }
        auto sep = item.text.find(separator);
        if (separator == ':' && item.text.find('=') != std::string::npos) {
            sep = item.text.find('=');
        }
        yaml::Node key = yaml::Node::scalar(item.text.substr(0, sep), item.location);
        yaml::Node value =
            sep == std::string::npos ? yaml::Node{} : yaml::Node::scalar(item.text.substr(sep + 1), item.location);
        if (value.is_null()) {
            value.location = item.location;
        }
        map.set(key, std::move(value));
    }
    return map;
}

// A list of names becomes a mapping of name: null (depends_on, networks).
yaml::Node names_as_mapping(const yaml::Node& node) {
    if (!node.is_sequence()) {
        return node;
    }
    yaml::Node map = yaml::Node::mapping(node.location);
    map.tag = node.tag;
    for (const auto& item : node.items) {
        yaml::Node value;
        value.location = item.location;
        map.set(item, std::move(value));
    }
    return map;
}

std::string volume_target(const yaml::Node& item) {
    if (item.is_mapping()) {
        const yaml::Node* target = item.find("target");
        return target != nullptr ? target->text : "";
    }
    std::string text = item.text;
    auto first = text.find(':');
    if (first == std::string::npos) {
        return text;
    }
    auto second = text.find(':', first + 1);
    return text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

void append_unique(yaml::Node& base, const yaml::Node& override, bool by_volume_target) {
    for (const auto& item : override.items) {
        auto match = std::find_if(base.items.begin(), base.items.end(), [&](const yaml::Node& existing) {
            return by_volume_target ? volume_target(existing) == volume_target(item) : same(existing, item);
        });
        if (match == base.items.end()) {
            base.items.push_back(item);
        } else if (by_volume_target) {
            *match = item;
        }
    }
}

void merge_value(yaml::Node& base, const yaml::Node& override, const std::string& key, bool in_service);

void merge_mapping(yaml::Node& base, const yaml::Node& override, bool in_service) {
    for (const auto& [key, value] : override.entries) {
        yaml::Node* existing = base.find(key.text);
        if (existing == nullptr || value.tag == "!override" || value.tag == "!reset") {
            base.set(key, value);
            continue;
        }
        merge_value(*existing, value, key.text, in_service);
    }
}

// Merges two build: mappings: each key replaced, except args, merged by name.
void merge_build(yaml::Node& base, const yaml::Node& override) {
    for (const auto& [k, v] : override.entries) {
        if (k.text == "args" && base.find("args") != nullptr) {
            yaml::Node& args = *base.find("args");
            args = as_mapping(args, '=');
            merge_mapping(args, as_mapping(v, '='), false);
        } else {
            base.set(k, v);
        }
    }
}

void merge_value(yaml::Node& base, const yaml::Node& override, const std::string& key, bool in_service) {
    if (in_service && in(k_replaced, key)) {
        base = override;
        return;
    }
    if (in_service && in(k_named_values, key)) {
        base = as_mapping(base, key == "extra_hosts" ? ':' : '=');
        merge_mapping(base, as_mapping(override, key == "extra_hosts" ? ':' : '='), false);
        return;
    }
    if (in_service && in(k_named_sets, key)) {
        base = names_as_mapping(base);
        merge_mapping(base, names_as_mapping(override), false);
        return;
    }
    if (in_service && key == "healthcheck" && base.is_mapping() && override.is_mapping()) {
        for (const auto& [k, v] : override.entries) {
            base.set(k, v);  // test, interval… each replaced as a whole
        }
        return;
    }
    if (in_service && key == "build" && base.is_mapping() && override.is_mapping()) {
        merge_build(base, override);
        return;
    }
    if (base.is_mapping() && override.is_mapping()) {
        merge_mapping(base, override, false);
    } else if (base.is_sequence() && override.is_sequence()) {
        append_unique(base, override, in_service && key == "volumes");
    } else {
        base = override;
    }
}

}  // namespace

void merge_service(yaml::Node& base, const yaml::Node& override) {
    if (!base.is_mapping() || !override.is_mapping()) {
        base = override;
        return;
    }
    merge_mapping(base, override, true);
}

void merge_files(yaml::Node& base, const yaml::Node& override) {
    if (!base.is_mapping() || !override.is_mapping()) {
        base = override;
        return;
    }
    for (const auto& [key, value] : override.entries) {
        yaml::Node* existing = base.find(key.text);
        if (existing == nullptr || value.tag == "!override" || value.tag == "!reset") {
            base.set(key, value);
        } else if (key.text == "services" && existing->is_mapping() && value.is_mapping()) {
            for (const auto& [name, service] : value.entries) {
                yaml::Node* current = existing->find(name.text);
                if (current == nullptr || service.tag == "!override" || service.tag == "!reset") {
                    existing->set(name, service);
                } else {
                    merge_service(*current, service);
                }
            }
        } else {
            merge_value(*existing, value, key.text, false);
        }
    }
}

void apply_resets(yaml::Node& node) {
    if (node.is_mapping()) {
        std::erase_if(node.entries, [](const auto& e) { return e.second.tag == "!reset"; });
        for (auto& [key, value] : node.entries) {
            apply_resets(value);
        }
    } else if (node.is_sequence()) {
        for (auto& item : node.items) {
            apply_resets(item);
        }
    }
}

}  // namespace dtx::load
