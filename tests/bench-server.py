#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Server throughput on the change feed under concurrent clients (wrk), beside
the limit measured in the same run: the same server answering its static
/health reply. Usage: bench-server.py HELPDESK_SERVER [TICKETS]"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

SKIP = 77
DURATION = "5s"
CONNECTIONS = "16"


def request(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as reply:
        return json.loads(reply.read() or b"null")


def ticket_op(i, now):
    ticket = str(uuid.uuid4())
    return {
        "op_uuid": str(uuid.uuid4()),
        "kind": "ticket.create",
        "entity_uuid": ticket,
        "payload": {
            "ticket": {
                "uuid": ticket,
                "customer_label": "客户%c%d-2026" % (65 + i % 26, i),
                "contact": "尾号 %04d" % (i % 10000),
                "channel": "phone",
                "description": "客户反映APP无法登录，提示错误码E1002。Customer %d cannot log in." % i,
                "status": "pending",
                "created_at": now - i,
            },
            "events": [],
        },
    }


def wrk(url, token):
    out = subprocess.run(
        ["wrk", "-t2", "-c" + CONNECTIONS, "-d" + DURATION, "--latency",
         "-H", "Authorization: Bearer " + token, url],
        check=True, capture_output=True, text=True).stdout
    rps = next(float(line.split()[1]) for line in out.splitlines()
               if line.startswith("Requests/sec:"))
    p99 = next((line.split()[1] for line in out.splitlines()
                if line.strip().startswith("99%")), "?")
    return rps, p99


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): benchmark skipped")
        return SKIP
    server_exe = sys.argv[1]
    n_tickets = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    tmp = tempfile.mkdtemp(prefix="hd-bench-server-")
    storage = os.path.join(tmp, "server.db")
    password = "bench-" + uuid.uuid4().hex
    subprocess.run([server_exe, "--storage", storage, "--create-admin", "admin"],
                   input=password + "\n", text=True, check=True, capture_output=True)
    server = subprocess.Popen([server_exe, "--storage", storage, "--port", "0",
                               "--log-level", "warning"],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if "listening on " not in line:
            print("the server did not start:", line)
            return 1
        base = line.split("listening on ", 1)[1].strip().rstrip("/")
        token = request(base, "POST", "/api/v1/login",
                        {"username": "admin", "password": password})["token"]

        now = int(time.time())
        start = time.monotonic()
        for first in range(0, n_tickets, 200):
            ops = [ticket_op(i, now) for i in range(first, min(first + 200, n_tickets))]
            request(base, "POST", "/api/v1/batch", {"ops": ops}, token)
        load = time.monotonic() - start
        print(f"batch: {n_tickets} tickets created in {load:.2f} s "
              f"({n_tickets / load:.0f} tickets/s through /batch)")

        feed_rps, feed_p99 = wrk(base + "/api/v1/changes?since=0&limit=100", token)
        static_rps, static_p99 = wrk(base + "/api/v1/health", token)
        print(f"change feed (pages of 100, {CONNECTIONS} connections): {feed_rps:.0f} req/s, "
              f"p99 {feed_p99} (static /health: {static_rps:.0f} req/s, p99 {static_p99}; "
              f"ratio {feed_rps / static_rps:.2f})")
        print(f"change feed records served: {feed_rps * 100:.0f} records/s")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
