/* The baseline for the delivery benchmark: a bare libcurl multi loop that POSTs TOTAL
 * requests of the same size as Huifang's webhooks, CONCURRENCY at a time, to URL, and
 * prints requests per second. No store, no signing, no scheduling.
 * Usage: curl_loop URL TOTAL CONCURRENCY */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t discard(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char body[] =
    "{\"channel\":\"sms\",\"customer\":{\"id\":1,\"name\":\"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\xa2\x85\",\"phone\":\"+8613800000000\"},"
    "\"data\":{},\"locale\":\"zh-Hans\",\"message_id\":\"msg_01M83Q7ZD2DR1XFM9GK7V7BXZ3\",\"text\":\"bench\",\"type\":\"message.manual\"}";

static CURL *make(const char *url, struct curl_slist *headers) {
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)(sizeof body - 1));
    curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
    return e;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: curl_loop URL TOTAL CONCURRENCY\n"); return 64; }
    const char *url = argv[1];
    long total = atol(argv[2]), concurrency = atol(argv[3]);
    curl_global_init(CURL_GLOBAL_ALL);
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    headers = curl_slist_append(headers, "content-type: application/json");
    headers = curl_slist_append(headers, "webhook-id: msg_01M83Q7ZD2DR1XFM9GK7V7BXZ3");
    headers = curl_slist_append(headers, "webhook-timestamp: 1790000000");
    headers = curl_slist_append(headers, "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    CURLM *m = curl_multi_init();
    long started = 0, done = 0, failed = 0;
    double t0 = now();
    for (; started < concurrency && started < total; started++) curl_multi_add_handle(m, make(url, headers));
    while (done < total) {
        int running;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *e = msg->easy_handle;
            if (msg->data.result != CURLE_OK) failed++;
            curl_multi_remove_handle(m, e);
            done++;
            if (started < total) {
                /* reuse the handle, as Huifang's engine does */
                curl_multi_add_handle(m, e);
                started++;
            } else {
                curl_easy_cleanup(e);
            }
        }
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double elapsed = now() - t0;
    printf("%.0f\n", total / elapsed);
    if (failed) fprintf(stderr, "curl_loop: %ld requests failed\n", failed);
    return failed ? 1 : 0;
}
