#pragma once
// Splits a streamed body into lines (JSON-lines progress and event streams): chunks may end
// anywhere, a line is handed over once its '\n' has arrived; finish() hands over a last line
// without one. Empty lines and a trailing '\r' are dropped.

#include <string>
#include <string_view>

namespace dtx::engine {

class LineSplitter {
public:
    // Calls `on_line(std::string_view)` for every complete line in the data so far; stops early and
    // returns false when on_line returns false.
    template <class F>
    bool feed(std::string_view chunk, F&& on_line) {
        m_pending.append(chunk);
        size_t start = 0;
        for (size_t nl = m_pending.find('\n'); nl != std::string::npos; nl = m_pending.find('\n', start)) {
            std::string_view line(m_pending.data() + start, nl - start);
            start = nl + 1;
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            if (!line.empty() && !on_line(line)) {
                m_pending.erase(0, start);
                return false;
            }
        }
        m_pending.erase(0, start);
        return true;
    }

    // The unterminated rest, if any.
    template <class F>
    bool finish(F&& on_line) {
        std::string rest;
        rest.swap(m_pending);
        while (!rest.empty() && (rest.back() == '\r' || rest.back() == '\n')) {
            rest.pop_back();
        }
        return rest.empty() || on_line(std::string_view(rest));
    }

private:
    std::string m_pending;
};

}  // namespace dtx::engine
