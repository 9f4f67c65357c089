#define _GNU_SOURCE
/* A fast HTTP/1.1 keep-alive responder on 127.0.0.1 for the delivery benchmark: one thread
 * per connection, answers every request 200 with an empty body, counts requests.
 * Usage: fast_sink PORT_FILE   (binds port 0, writes the port to PORT_FILE) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static atomic_long requests;

static void *serve(void *arg) {
    int fd = (int)(long)arg;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    char buf[65536];
    size_t have = 0;
    for (;;) {
        char *end = NULL;
        while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
            if (have == sizeof buf) goto done;
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n <= 0) goto done;
            have += (size_t)n;
        }
        size_t header = (size_t)(end - buf) + 4;
        size_t length = 0;
        for (char *p = buf; p < end; p++) {
            if ((p == buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
                length = strtoul(p + 15, NULL, 10);
                break;
            }
        }
        while (have < header + length) {
            if (header + length > sizeof buf) goto done;
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n <= 0) goto done;
            have += (size_t)n;
        }
        if (write(fd, reply, sizeof reply - 1) < 0) goto done;
        atomic_fetch_add(&requests, 1);
        memmove(buf, buf + header + length, have - header - length);
        have -= header + length;
    }
done:
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: fast_sink PORT_FILE\n"); return 64; }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1024)) { perror("bind"); return 1; }
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    FILE *f = fopen(argv[1], "w");
    fprintf(f, "%d\n", ntohs(a.sin_port));
    fclose(f);
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) continue;
        pthread_t t;
        pthread_create(&t, NULL, serve, (void *)(long)c);
        pthread_detach(t);
    }
}
