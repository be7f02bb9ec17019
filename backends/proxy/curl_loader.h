// libcurl, loaded on first use (dlopen of libcurl.so.4) instead of linked: a native server that never
// downloads media and is not a proxy then never maps libcurl and what it drags in (GnuTLS, nettle,
// p11-kit, Kerberos, LDAP, SSH, RTMP, nghttp2, ...: about 3.5 MB of resident memory, and their
// relocation work at start-up). Header-only, so that the proxy and the media fetch (backends/native/
// media/fetch.cc) share it without a link dependency; curl's own header still provides the types and
// constants. Thread-safe; the library is loaded once and never unloaded.
#pragma once

#include <curl/curl.h>
#include <dlfcn.h>

#include <string>

namespace ankc::curl {

// The libcurl entry points we use, with the signatures curl.h declares for them.
struct Library {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_url) url = nullptr;
  decltype(&::curl_url_set) url_set = nullptr;
  decltype(&::curl_url_get) url_get = nullptr;
  decltype(&::curl_url_cleanup) url_cleanup = nullptr;
  decltype(&::curl_free) free = nullptr;
  std::string error;  // why libcurl is unusable; empty when loaded
};

namespace detail {

template <typename F>
bool bind(void* handle, F& slot, const char* name, std::string& error) {
  slot = reinterpret_cast<F>(::dlsym(handle, name));
  if (!slot && error.empty()) error = std::string("libcurl.so.4 lacks ") + name;
  return slot != nullptr;
}

inline Library load() {
  Library lib;
  void* handle = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    lib.error = std::string("cannot load libcurl: ") + (why ? why : "libcurl.so.4 not found");
    return lib;
  }
  std::string& e = lib.error;
  bool ok = bind(handle, lib.global_init, "curl_global_init", e) & bind(handle, lib.easy_init, "curl_easy_init", e) &
            bind(handle, lib.easy_cleanup, "curl_easy_cleanup", e) & bind(handle, lib.easy_reset, "curl_easy_reset", e) &
            bind(handle, lib.easy_setopt, "curl_easy_setopt", e) &
            bind(handle, lib.easy_perform, "curl_easy_perform", e) &
            bind(handle, lib.easy_getinfo, "curl_easy_getinfo", e) &
            bind(handle, lib.easy_strerror, "curl_easy_strerror", e) &
            bind(handle, lib.slist_append, "curl_slist_append", e) &
            bind(handle, lib.slist_free_all, "curl_slist_free_all", e) & bind(handle, lib.url, "curl_url", e) &
            bind(handle, lib.url_set, "curl_url_set", e) & bind(handle, lib.url_get, "curl_url_get", e) &
            bind(handle, lib.url_cleanup, "curl_url_cleanup", e) & bind(handle, lib.free, "curl_free", e);
  if (ok && lib.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) lib.error = "curl_global_init failed";
  return lib;
}

}  // namespace detail

// The loaded library (loading it on the first call). Check error before calling anything.
inline const Library& library() {
  static const Library lib = detail::load();  // thread-safe one-time initialisation
  return lib;
}

// Calls curl_easy_setopt / curl_easy_getinfo with one argument, as the C macros do.
template <typename T>
CURLcode easy_setopt(CURL* handle, CURLoption option, T value) {
  return library().easy_setopt(handle, option, value);
}
template <typename T>
CURLcode easy_getinfo(CURL* handle, CURLINFO info, T* out) {
  return library().easy_getinfo(handle, info, out);
}

}  // namespace ankc::curl
