#pragma once
// libcurl for the files that make requests with it (engine/curl_transport, probe/http_probe): its
// process-wide initialisation, once, and RAII for its handles.

#include <curl/curl.h>

#include <memory>
#include <string>

namespace dtx::clients {

struct CurlCloser {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListCloser {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlCloser>;
using CurlList = std::unique_ptr<curl_slist, CurlListCloser>;

// Appends `line` to `list` (a header list); on failure (out of memory) the list stays as it was.
void append(CurlList& list, const std::string& line);

// curl_global_init, the first time only. It is not thread-safe, so every user of libcurl calls this
// before its first handle, and only this calls it.
void init_curl();

}  // namespace dtx::clients
