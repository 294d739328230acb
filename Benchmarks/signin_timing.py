#!/usr/bin/env python3
"""Does a failed sign-in take as long for an unknown address as for a known one?

    Benchmarks/signin_timing.py --bin .build/release/steward [--rounds 40] [--cost 12]

Starts the binary on a fresh SQLite directory (rate limits off, the given bcrypt cost), registers
one account, then alternates wrong-password sign-ins for that account and for addresses that have
no account, and prints the medians and their ratio. Both are also put against GET /livez of the
same process, so the numbers are ratios measured in one run (machines here are shared and noisy).
If the unknown address is much faster, timing tells an attacker which addresses have accounts.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"content-type": "application/json"} if data else {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            res.read()
            status = res.status
    except urllib.error.HTTPError as err:
        err.read()
        status = err.code
    return status, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--cost", type=int, default=12, help="bcrypt cost (production default 12)")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="steward-signin-")
    env = dict(os.environ, STEWARD_DATA_DIR=work, STEWARD_RATE_LIMITS="off", STEWARD_BCRYPT_COST=str(args.cost),
               STEWARD_BASE_URL=base, LOG_LEVEL="warning")
    for var in ("DATABASE_URL", "SMTP_URL"):
        env.pop(var, None)
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([args.bin, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            try:
                if request(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        status, _ = request(base, "POST", "/api/v1/auth/register",
                            {"email": "known@timing.test", "password": "correct horse battery", "name": "Known"})
        assert status == 201, f"register answered {status}"
        known, unknown, livez = [], [], []
        for i in range(args.rounds):
            for sample, email in ((known, "known@timing.test"), (unknown, f"nobody{i}@timing.test")):
                status, seconds = request(base, "POST", "/api/v1/auth/login",
                                          {"email": email, "password": "wrong password here"})
                assert status == 401, f"login answered {status}"
                sample.append(seconds)
            livez.append(request(base, "GET", "/livez")[1])
    finally:
        server.terminate()
        server.wait()
    k, u, z = statistics.median(known), statistics.median(unknown), statistics.median(livez)
    print(f"bcrypt cost {args.cost}, {args.rounds} rounds, binary {args.bin}")
    print(f"| failed sign-in | median ms | × /livez |")
    print(f"|---|---|---|")
    print(f"| known address, wrong password | {k * 1000:.1f} | {k / z:.0f} |")
    print(f"| unknown address | {u * 1000:.1f} | {u / z:.0f} |")
    print(f"unknown / known = {u / k:.2f}")


if __name__ == "__main__":
    main()
