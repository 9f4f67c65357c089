#!/usr/bin/env python3
"""Opens N connections to a Unix socket and holds them (half idle, half sending a request
line a byte at a time, never finishing it) until it is killed: the control socket's abuse
test. Prints, once all are open, how many the daemon let in and how many it refused at once
(with the first refusal's text)."""
import json
import socket
import sys
import time

path, count = sys.argv[1], int(sys.argv[2])
held, refused, sample = [], 0, ""
for i in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except OSError as error:
        refused += 1
        sample = sample or str(error)
        continue
    s.settimeout(0.2)
    try:
        answer = s.recv(4096)
        refused += 1
        sample = sample or answer.decode(errors="replace").strip()
        s.close()
        continue
    except socket.timeout:
        pass
    if i % 2:
        try:
            s.send(b'{"v":1,')
        except OSError:
            pass
    held.append(s)
print(json.dumps({"held": len(held), "refused": refused, "sample": sample}), flush=True)
while True:
    for s in held[1::2]:
        try:
            s.send(b" ")
        except OSError:
            pass
    time.sleep(1)
