#pragma once
// How x-dtx.init steps are shown: in the plan (--dry-run) and in the progress lines of init.

#include "compose/model.hpp"

#include <string>

namespace dtx::plan {

// `file` as the user wrote it, relative to `directory` (the spec's), unless it lies elsewhere.
std::string shown_path(const std::string& file, const std::string& directory);

// What `step` does, in one line: "sql migrations/001.sql" (relative to `directory`, the spec's,
// when inside it), "exec psql -U postgres -c VACUUM", "run ./load-fixtures.sh "$DTX_DB_PORT"".
std::string describe_init_step(const compose::InitStep& step, const std::string& directory);

}  // namespace dtx::plan
