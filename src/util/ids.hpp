#pragma once
// Identifiers and fingerprints: run-id suffixes and content hashes for labels.

#include <cstdint>
#include <string>
#include <string_view>

namespace dtx::util {

// `n` random lowercase hex digits from the system's entropy source.
std::string random_hex(int n);

// 64-bit FNV-1a of `data` as 16 hex digits: a stable fingerprint, not a security hash.
std::string fingerprint(std::string_view data);

}  // namespace dtx::util
