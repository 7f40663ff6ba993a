#pragma once
// Parses `.env` / env_file text the way Compose v2 does (compose-go `dotenv`, godotenv-like).

#include "util/result.hpp"
#include "vars/interpolate.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dtx::vars {

struct DotenvEntry {
    std::string key;
    std::string value;
    int line;  // 1-based line of the key's last definition
};

// The entries of `text`, one per key in order of first definition (a later definition of the same
// key replaces the value and line). Format, per statement:
//   - blank lines and lines starting with '#' are skipped; a leading UTF-8 BOM is ignored;
//   - an optional `export ` prefix; then KEY, spaces, '=' or ':' (YAML style), spaces, VALUE.
//     KEY is made of letters, digits, '_', '.', '-', '[', ']' (bytes >= 0x80 are accepted too, as
//     compose-go accepts Unicode letters);
//   - KEY alone on its line takes its value from `lookup`, else from an earlier entry, and is left
//     out when neither has it;
//   - unquoted VALUE runs to the end of the line; from " #" on it is a comment; trailing
//     whitespace is trimmed; then it is interpolated;
//   - '…' is literal (only \' is an escape) and may span lines;
//   - "…" may span lines; \a \b \f \n \r \t \v \\ \" \$ and \0ooo (octal) are escapes, any other
//     backslash is kept; then it is interpolated (\$ stays a literal $);
//   - after a closing quote only whitespace and a '#' comment may follow on that line.
// Interpolation (see interpolate.hpp) looks a name up in `lookup` first, then in earlier entries,
// as compose does. Names it found unset are appended to `*unset` (when given), each once.
// Fails (Errc::invalid) with "line N: message" on an invalid or empty key, a key with a space, an
// unterminated quote, text after a closing quote, or a failed interpolation.
util::Result<std::vector<DotenvEntry>> parse_dotenv(std::string_view text, const VarLookup& lookup,
                                                    std::vector<std::string>* unset = nullptr);

}  // namespace dtx::vars
