#include "session/project_secrets.hpp"

#include "kind/kind.hpp"
#include "secrets/secret_names.hpp"
#include "secrets/secrets.hpp"

#include <array>
#include <cctype>
#include <map>
#include <set>

namespace dtx::session {

namespace {

// Every kind, not just the service's: what kind a service is gets settled later (the plan), and a
// password found under any kind's rules is one to hide.
constexpr std::array k_kinds = {kind::Kind::postgres, kind::Kind::mysql,    kind::Kind::redis, kind::Kind::memcached,
                                kind::Kind::s3,       kind::Kind::dynamodb, kind::Kind::http};

void add_words(std::set<std::string>& names, const std::string& text) {
    names.insert(text);
    std::string word;
    for (char c : text + "/") {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            word += c;
        } else if (!word.empty()) {
            names.insert(word);
            word.clear();
        }
    }
}

std::map<std::string, std::string> set_variables(const compose::Service& svc) {
    std::map<std::string, std::string> env;
    for (const auto& [k, v] : svc.environment) {
        if (v) {
            env[k] = *v;
        }
    }
    return env;
}

// Values of the service that are secret, and names it goes by (which are not).
void collect(const compose::Service& svc, std::set<std::string>& secrets, std::set<std::string>& names) {
    auto env = set_variables(svc);
    for (const auto& [k, v] : env) {
        if (secrets::is_secret_name(k)) {
            secrets.insert(v);
        }
    }
    if (svc.build) {
        for (const auto& [k, v] : svc.build->args) {
            if (secrets::is_secret_name(k)) {
                secrets.insert(v);
            }
        }
    }
    const auto command = svc.command.value_or(std::vector<std::string>{});
    for (size_t i = 0; i + 1 < command.size(); ++i) {
        if (command[i] == "--requirepass" || command[i] == "--masterauth") {
            secrets.insert(command[i + 1]);
        }
    }
    for (auto kind : k_kinds) {
        auto credentials = kind::credentials_for(kind, env, command);
        secrets.insert(credentials.password);
        names.insert(credentials.user);
        names.insert(credentials.database);
        names.insert(kind::kind_name(kind));
    }
    names.insert(svc.name);
    add_words(names, svc.image);
}

}  // namespace

std::vector<std::string> project_secrets(const compose::Project& project) {
    std::set<std::string> secrets;
    std::set<std::string> names = {project.name};
    for (const auto& svc : project.services) {
        collect(svc, secrets, names);
    }
    std::vector<std::string> out;
    for (const auto& s : secrets) {
        if (!s.empty() && names.count(s) == 0) {
            out.push_back(s);
        }
    }
    return out;
}

void register_secrets(const compose::Project& project) {
    for (const auto& s : project_secrets(project)) {
        secrets::add_secret(s);
    }
}

}  // namespace dtx::session
