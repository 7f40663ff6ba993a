#include "clients/curl.hpp"

#include <mutex>

namespace dtx::clients {

void append(CurlList& list, const std::string& line) {
    if (curl_slist* longer = curl_slist_append(list.get(), line.c_str())) {
        (void)list.release();  // `longer` is the same list, one item longer (or a new one)
        list.reset(longer);
    }
}

void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace dtx::clients
