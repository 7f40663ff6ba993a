#pragma once
// `dtx version`: dtx's version, then the engine's.

#include "session/runtime.hpp"

namespace dtx::session {

// Writes "dtx <version>" on rt.out, then "engine <version> (API <engine's>, dtx uses <negotiated>)
// at <endpoint>". dtx's line comes first, so it is printed even when no engine answers. Returns 0;
// throws EngineError when the engine cannot be reached or does not answer.
int version(const Runtime& rt);

}  // namespace dtx::session
