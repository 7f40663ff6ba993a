#pragma once

#include <string>
#include <string_view>

namespace dtx::util {

// `text` with every control byte (below 0x20, and 0x7f) written as a `\xNN` escape, so a message
// that echoes a file's content can never move the cursor, ring the bell or colour a terminal.
// Other bytes, UTF-8 included, stay as they are.
std::string printable(std::string_view text);

}  // namespace dtx::util
