#pragma once
// The secrets a project's spec holds, so that dtx masks them wherever it prints (secrets/secrets.hpp).

#include "compose/model.hpp"

#include <string>
#include <vector>

namespace dtx::session {

// Every service's secret values: environment variables and build arguments whose name says so
// (util::is_secret_name), the argument after `--requirepass` / `--masterauth` in its command, and
// the password dtx's own clients would log in with (probe::credentials_for). Left out: a value equal
// to a name dtx prints anyway — the project's, a service's, a kind's, a word of an image name, a
// user or database name (POSTGRES_PASSWORD=postgres) — since masking it everywhere would garble
// the output while hiding nothing; in URLs such a password is still masked.
std::vector<std::string> project_secrets(const compose::Project& project);

// Adds project_secrets(project) to the process's registry.
void register_secrets(const compose::Project& project);

}  // namespace dtx::session
