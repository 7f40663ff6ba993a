#pragma once
// Result<T>: a value or a Failure. Expected failures (engine calls, transport, spawn, probes) are
// values; only conditions that stop the command become exceptions (see error.hpp).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace dtx::util {

enum class Errc {
    not_found,    // the resource does not exist (HTTP 404)
    conflict,     // the resource is in a conflicting state (HTTP 409)
    bad_request,  // the request was malformed (HTTP 400)
    server,       // the engine failed (HTTP 5xx)
    unavailable,  // the peer could not be reached (socket missing, refused)
    permission,   // the peer is there, and this user may not use it (socket mode)
    timeout,      // the peer did not answer in time
    invalid,      // the answer could not be understood
    io,           // a local system call failed
};

struct Failure {
    Errc code;
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}            // NOLINT(google-explicit-constructor)
    Result(Failure failure) : m_v(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Failure& error() const {
        assert(!ok());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, Failure> m_v;
};

struct Unit {};
using Status = Result<Unit>;

inline Status ok_status() {
    return Unit{};
}
// Success or the failure of `result`, its value dropped (a call whose answer does not matter).
template <class T>
Status status_of(const Result<T>& result) {
    return result ? ok_status() : Status(result.error());
}

inline Failure fail(Errc code, std::string message) {
    return Failure{code, std::move(message)};
}

}  // namespace dtx::util
