#include "compose/model.hpp"

namespace dtx::compose {

const Service* Project::find(const std::string& service) const {
    for (const auto& s : services) {
        if (s.name == service) {
            return &s;
        }
    }
    return nullptr;
}

}  // namespace dtx::compose
