#pragma once
// SHA-256 (FIPS 180-4). Needed where a name must match what another tool derived with it, e.g. the
// docker CLI stores a context under the SHA-256 of its name.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dtx::util {

// Incremental hashing, for input that arrives in pieces.
class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    // The 32-byte digest; the object must not be updated afterwards.
    std::array<std::uint8_t, 32> finish();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_block{};
    std::size_t m_fill = 0;      // bytes waiting in m_block
    std::uint64_t m_length = 0;  // total bytes hashed
};

// The SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace dtx::util
