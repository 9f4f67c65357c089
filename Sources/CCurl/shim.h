// Typed wrappers for libcurl's variadic calls, which Swift cannot import directly.
#ifndef HUIFANG_CCURL_SHIM_H
#define HUIFANG_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*huifang_curl_write_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode huifang_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode huifang_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode huifang_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode huifang_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode huifang_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode huifang_easy_setopt_write_cb(CURL *h, CURLoption o, huifang_curl_write_cb v) { return curl_easy_setopt(h, o, v); }

static inline CURLcode huifang_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode huifang_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode huifang_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode huifang_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// A response header's value (the last of that name, from the last request), or NULL.
static inline const char *huifang_easy_header_value(CURL *h, const char *name) {
    struct curl_header *header = NULL;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || header == NULL) return NULL;
    return header->value;
}

// CURLMsg.data is a union; Swift reads the result member through this accessor.
static inline CURLcode huifang_msg_result(const CURLMsg *msg) { return msg->data.result; }

#endif
