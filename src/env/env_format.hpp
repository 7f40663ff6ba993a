#pragma once
// How `dtx env` writes variables: for a shell to eval, a .env file, JSON, or GitHub Actions' $GITHUB_ENV.

#include "env/connection_env.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dtx::env {

enum class EnvFormat { sh, dotenv, json, github };

// The format called `name` ("sh", "dotenv", "json", "github"); nullopt for another word.
std::optional<EnvFormat> env_format_named(std::string_view name);

// Gives a candidate heredoc delimiter for the github format; asked again while the candidate
// occurs in a key or value.
using DelimiterSource = std::function<std::string()>;

// "DTX_EOF_" and 16 random hex digits.
std::string random_delimiter();

// `env` in `format`, one variable after another in its order:
//   sh      export KEY='value'   (a ' as '\''), so `eval "$(dtx env)"` sets exactly the value;
//   dotenv  KEY=value, or KEY="…" with \\ \" \$ \n \r escapes when the value holds anything but
//           letters, digits and _-.,/:@+=% (Compose's .env syntax);
//   json    one object, keys in order, 2-space indented (invalid UTF-8 replaced by U+FFFD);
//   github  KEY<<DELIM, the value, DELIM: the multiline form of $GITHUB_ENV, DELIM from `delimiter`.
// Every form ends with a newline; no variables make an empty text ({} in json). Throws Error
// (exit 125) for a value holding a NUL byte, which no environment can carry.
std::string format_env(const EnvList& env, EnvFormat format, const DelimiterSource& delimiter = random_delimiter);

}  // namespace dtx::env
