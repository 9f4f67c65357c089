#!/usr/bin/env python3
"""The data and the measurements of scripts/bench-planning (see there).

  populate STORE N V T       customers, visits and open tasks, written straight into the store
  measure SOCKET             planner runs, forecast --customer, customer find by phone ending, forecast of the whole clinic
  claim STORE COPY M         the claim's plan and time at 10,000 and at M pending messages
  burst SOCKET STORE PID T0  every customer greeted at once, delivered to the sink
"""
import json
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

NOW_MS = int(time.time() * 1000)
DAY_MS = 86_400_000


def populate(path, n, v, t):
    random.seed(17)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    start = time.time()
    created = NOW_MS - 400 * DAY_MS
    tags = ['[]', '["vip"]', '["women"]', '["老客"]']

    def customers():
        for i in range(n):
            year, month, day = random.randint(1950, 2005), random.randint(1, 12), random.randint(1, 28)
            lunar = 1 if i % 5 == 0 else 0   # one in five greeted on the lunar date
            yield (f"客户{i}", "female" if i % 2 else "male", f"{year:04d}-{month:02d}-{day:02d}", lunar,
                   f"+86139{i:08d}", "zh-Hans", "Asia/Shanghai", tags[i % 4], created, created)

    with db:
        db.executemany("""INSERT INTO customers (name, gender, birthday, lunar_birthday, phone, locale, time_zone,
                          tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", customers())
        first = db.execute("SELECT MIN(id) FROM customers WHERE id > 0").fetchone()[0]
        db.executemany("INSERT INTO loyalty_accounts (customer_id, spend_minor, tier) VALUES (?, ?, ?)",
                       ((first + i, 500_000, "银卡") for i in range(0, n, 10)))
        db.executemany("""INSERT INTO visits (customer_id, service, staff, ended_at, amount_minor, created_at)
                          VALUES (?, ?, ?, ?, ?, ?)""",
                       ((first + random.randrange(n), "洁牙", "李医生", NOW_MS - random.randint(1, 400) * DAY_MS,
                         random.randint(100, 5000) * 100, NOW_MS) for _ in range(v)))
        db.executemany("""INSERT INTO tasks (dedupe_key, kind, customer_id, step, assignee, text, due_at, overdue_at,
                          status, created_at) VALUES (?, 'followup.call', ?, 'bench', 'customer-service', '术后回访', ?, ?,
                          'open', ?)""",
                       ((f"bench:{i}", first + random.randrange(n), NOW_MS + random.randint(0, 30) * DAY_MS,
                         NOW_MS + 31 * DAY_MS, NOW_MS) for i in range(t)))
    print(f"loaded in {time.time() - start:.1f} s")


class Control:
    """The control protocol over its Unix socket: one JSON line each way."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile("rb")
        self.n = 0

    def call(self, method, args):
        self.n += 1
        self.sock.sendall(json.dumps({"v": 1, "id": self.n, "cmd": method, "args": args}).encode() + b"\n")
        answer = json.loads(self.file.readline())
        if not answer.get("ok"):
            raise SystemExit(f"{method}: {answer.get('error')}")
        return answer["result"]

    def timed(self, method, args, runs=30):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            self.call(method, args)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def plan_now(control):
    return control.call("admin.plan-now", {})


def measure(sock):
    control = Control(sock)
    def show(label, r):
        print(f"  {label}: greetings read {r['greetings_read']:>9,} planned {r['greetings_planned']:>7,} "
              f"in {r['greetings_ms']:>9.1f} ms; retention read {r['retention_read']:>9,} in {r['retention_ms']:>9.1f} ms; "
              f"memberships read {r['membership_read']:>9,} in {r['membership_ms']:>9.1f} ms")

    print("planner runs (admin plan-now), rows read and time:")
    show("first run after the load (works everyone out once)", plan_now(control))
    # The membership review lowers the tiers the loaded spend does not earn, and a tier that
    # changes sends its customer back to be worked out: wait until two runs in a row read nobody.
    started, quiet, runs = time.time(), 0, 1
    while quiet < 2 and time.time() - started < 1800:
        r = plan_now(control)
        runs += 1
        quiet = quiet + 1 if r["greetings_read"] == 0 and r["retention_read"] == 0 and r["membership_read"] == 0 else 0
        if runs <= 4:
            show(f"run {runs}", r)
        if quiet == 0:
            time.sleep(1)
    print(f"  settled after {runs} runs, {time.time() - started:.0f} s")
    idle = [plan_now(control) for _ in range(5)]
    print(f"nothing due (median of 5): greetings {statistics.median(r['greetings_ms'] for r in idle):.1f} ms "
          f"reading {max(r['greetings_read'] for r in idle)}, retention {statistics.median(r['retention_ms'] for r in idle):.1f} ms "
          f"reading {max(r['retention_read'] for r in idle)}, memberships {statistics.median(r['membership_ms'] for r in idle):.1f} ms "
          f"reading {max(r['membership_read'] for r in idle)}")
    customers = control.call("customer.find", {"text": "13900000001", "limit": 1})
    cid = customers[0]["id"]
    print(f"forecast --customer {cid} (median of 30): {control.timed('forecast', {'customer': cid}):.2f} ms")
    print(f"customer find 0123 (phone ending, median of 30): {control.timed('customer.find', {'text': '0123', 'limit': 20}):.2f} ms")
    # The whole clinic's next 30 days (also the weekly report's plan): the planner's marks
    # pick the customers whose next occasion comes by then.
    entries = control.call("forecast", {"days": 30, "limit": 100000})
    print(f"forecast --days 30, the whole clinic (median of 5): {control.timed('forecast', {'days': 30, 'limit': 100000}, runs=5):.0f} ms, "
          f"{len(entries):,} entries")
    # The weekly report (the console's 报表 page runs it on each view): its next-month plan
    # is counted, not listed.
    plan = control.call("report.weekly", {})["next_month_plan"]
    print(f"report weekly, its plan of the next 31 days (median of 5): {control.timed('report.weekly', {}, runs=5):.0f} ms, "
          f"{sum(plan.values()):,} counted")


# The claim as SQLiteStore.claimDue runs it (64 at a time), rolled back after each probe so
# every probe claims the same rows.
CLAIM_SEARCH = """SELECT rowid FROM messages INDEXED BY messages_claimable
                   WHERE channel = ? AND status IN ('pending', 'failed') AND due_at <= ? ORDER BY due_at LIMIT 64"""
CLAIM = f"""UPDATE messages SET status = 'sending', lease_owner = 'bench', lease_expires_at = ?, updated_at = ?
             WHERE rowid IN ({CLAIM_SEARCH}) RETURNING id, due_at"""


def claim(store, copy, m):
    shutil.copyfile(store, copy)
    db = sqlite3.connect(copy, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")

    def add(start, count):
        db.execute("BEGIN")
        db.executemany("""INSERT INTO messages (id, dedupe_key, kind, customer_id, channel, text, locale, due_at,
                          status, created_at, updated_at) VALUES (?, ?, 'message.manual', 0, 'bench', '您好', 'zh-Hans', ?,
                          'pending', ?, ?)""",
                       ((f"msg_CLAIM{i:021d}", f"claim:{i}", NOW_MS - 3_600_000 + i % 3_000_000, NOW_MS, NOW_MS)
                        for i in range(start, start + count)))
        db.execute("COMMIT")

    def probe(label):
        plan = " / ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + CLAIM_SEARCH, ("bench", NOW_MS)))
        times = []
        for _ in range(200):
            started = time.perf_counter()
            db.execute("BEGIN")
            claimed = db.execute(CLAIM, (NOW_MS + 300_000, NOW_MS, "bench", NOW_MS)).fetchall()
            db.execute("ROLLBACK")
            times.append((time.perf_counter() - started) * 1000)
        assert len(claimed) == 64
        median = statistics.median(times[20:])   # the first probes warm the cache
        print(f"claim of 64 at {label:>12} pending: {median:.3f} ms (median of 180); plan: {plan}")
        return median

    add(0, 10_000)
    small = probe("10,000")
    print(f"  adding {m - 10_000:,} more pending messages …", flush=True)
    step = 1_000_000
    for start in range(10_000, m, step):
        add(start, min(step, m - start))
    big = probe(f"{m:,}")
    print(f"claim time ratio: {big / small:.2f}")


def burst(sock, store, pid, t0):
    """From the daemon's start with a holiday at this minute until every greeting of it is out."""
    control = Control(sock)
    r = plan_now(control)   # the daemon's own start-up run plans it too; this one waits for its share
    planned_rss = memory(pid)
    db = sqlite3.connect(store)
    while True:
        total, waiting, delivered = db.execute("""SELECT COUNT(*), SUM(status IN ('pending', 'failed', 'sending')),
                                                  SUM(status = 'delivered') FROM messages WHERE kind = 'holiday.greeting'""").fetchone()
        if total and not waiting:
            break
        time.sleep(0.5)
    wall = time.time() - t0
    rss = memory(pid)["VmHWM"]
    attempts = db.execute("""SELECT COUNT(*) FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
                             WHERE m.kind = 'holiday.greeting'""").fetchone()[0]
    print(f"Spring Festival burst: {total:,} greetings planned and {delivered:,} delivered in {wall:.1f} s from the start "
          f"({delivered / wall:,.0f}/s, planning included), {attempts:,} attempts logged, huifangd peak RSS {rss // 1024} MB")
    print(f"  when planning was done: RSS {planned_rss['VmRSS'] // 1024} MB, peak so far {planned_rss['VmHWM'] // 1024} MB; "
          f"at the end: RSS {memory(pid)['VmRSS'] // 1024} MB")


def memory(pid):
    """VmRSS and VmHWM of a process, in kB."""
    return {line.split(":")[0]: int(line.split()[1]) for line in open(f"/proc/{pid}/status")
            if line.startswith(("VmRSS", "VmHWM"))}


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    if verb == "populate":
        populate(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif verb == "measure":
        measure(args[0])
    elif verb == "claim":
        claim(args[0], args[1], int(args[2]))
    elif verb == "burst":
        burst(args[0], args[1], int(args[2]), float(args[3]))
