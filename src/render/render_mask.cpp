#include "render/render_mask.hpp"

#include "secrets/secret_names.hpp"
#include "secrets/secrets.hpp"
#include "vars/interpolate.hpp"

namespace dtx::render {

namespace {

using nlohmann::json;

std::string unescape_dollars(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            ++i;
        }
    }
    return out;
}

void mask_values(json& node) {
    if (node.is_string()) {
        std::string plain = unescape_dollars(node.get<std::string>());
        std::string hidden = secrets::masked(plain);
        if (hidden != plain) {
            node = vars::escape_dollars(hidden);
        }
    } else if (node.is_structured()) {
        for (auto& child : node) {
            mask_values(child);
        }
    }
}

// An empty value stays: it hides nothing and says the variable is set empty.
void mask_by_name(json* variables) {
    if (variables == nullptr || !variables->is_object()) {
        return;
    }
    for (auto& [name, value] : variables->items()) {
        if (value.is_string() && !value.get<std::string>().empty() && secrets::is_secret_name(name)) {
            value = std::string(secrets::k_mask);
        }
    }
}

json* member(json& node, const char* key) {
    return node.is_object() && node.contains(key) ? &node[key] : nullptr;
}

}  // namespace

void mask_secrets(json& document) {
    if (json* services = member(document, "services"); services != nullptr && services->is_object()) {
        for (auto& service : *services) {
            mask_by_name(member(service, "environment"));
            if (json* build = member(service, "build")) {
                mask_by_name(member(*build, "args"));
            }
        }
    }
    mask_values(document);
}

}  // namespace dtx::render
