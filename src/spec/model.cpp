#include "spec/model.hpp"

namespace dtx::spec {

const Service* Project::find(const std::string& service) const {
    for (const auto& s : services) {
        if (s.name == service) {
            return &s;
        }
    }
    return nullptr;
}

}  // namespace dtx::spec
