#pragma once
// Whether the image a `build:` made is older than the files it was built from.

#include "compose/model.hpp"
#include "engine/types.hpp"
#include "images/build_context.hpp"

#include <optional>
#include <string>

namespace dtx::images {

// "40 s", "2 min", "3 h", "5 days": how long ago, rounded down, for messages.
std::string age_text(util::WallTime then, util::WallTime now);

// When `image` (the present image of `svc`, which has `build:`) was created before the newest file
// its build context sends was last changed (session/build_context.hpp: newest_context_file), the
// words saying so, e.g. "image shop-api built 3 h ago is older than ./api/main.go (changed 2 min
// ago); run with --build" (the file relative to `directory`, the spec's, when inside it).
// nullopt when the image is newer, or its age or the context cannot be told.
std::optional<std::string> stale_image_note(const compose::Service& svc, const engine::ImageInfo& image,
                                            const std::string& directory, util::WallTime now);

}  // namespace dtx::images
