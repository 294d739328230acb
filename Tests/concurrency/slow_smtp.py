#!/usr/bin/env python3
"""Two Steward processes on one PostgreSQL, one slow SMTP server: every email arrives once (issue 10).

    Tests/concurrency/slow_smtp.py --a http://127.0.0.1:PORT_A --b http://127.0.0.1:PORT_B \
        --mail-dir DIR [--count 12] [--wait 240]

The SMTP sink keeps each message and then waits (`smtp_sink.py --data-delay 15`) before it
answers DATA, like a slow relay. Before issue 10, one process leased a batch of ten for 120 s and
never renewed it: ten 15 s sends outlasted the lease, the other process took the same messages
over, and addresses got the same invite twice. Now a claim covers one message and is renewed
right before the send, so each message is delivered exactly once by one of the two processes.

The script invites --count new addresses through alternating processes, waits until the sink holds
an email for each (or --wait seconds pass), waits one more slow send, and checks that no message
arrived twice and none is missing. Exits 1 on a failure.
"""

import argparse
import glob
import json
import sys
import time

from two_processes import api, check, fresh_workspace, login, FAILURES


def delivered(mail_dir):
    """Message-ID → the recipients of each copy the sink received."""
    copies = {}
    for path in glob.glob(f"{mail_dir}/message-*.json"):
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
        key = record.get("parsed", {}).get("message_id") or record.get("data", "")[:200]
        copies.setdefault(key, []).append(tuple(record.get("rcpt_tos", [])))
    return copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True)
    parser.add_argument("--b", required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--wait", type=float, default=240)
    args = parser.parse_args()
    stamp = str(int(time.time()))
    owner = login(args.a, "owner@demo.steward.test")
    org = api(args.a, "GET", "/api/v1/orgs", None, owner)[1]["items"][0]["id"]
    workspace = fresh_workspace(args.a, owner, org, f"Slow mail {stamp}")
    addresses = [f"slow{stamp}-{i}@slow.test" for i in range(args.count)]
    for i, address in enumerate(addresses):
        base = args.a if i % 2 == 0 else args.b
        status, body = api(base, "POST", f"/api/v1/workspaces/{workspace}/invites",
                           {"emails": [address], "role": "member"}, owner)
        check(status == 200, f"invite {address}: {status} {body}")
    started = time.time()
    while time.time() - started < args.wait:
        received = {rcpt for copies in delivered(args.mail_dir).values() for tos in copies for rcpt in tos}
        if all(address in received for address in addresses):
            break
        time.sleep(2)
    print(f"{args.count} invites delivered through a 15 s SMTP server in {time.time() - started:.0f} s", flush=True)
    time.sleep(20)  # a duplicate would be one more slow send behind
    copies = delivered(args.mail_dir)
    per_address = {address: sum(address in tos for many in copies.values() for tos in many) for address in addresses}
    missing = [a for a, n in per_address.items() if n == 0]
    twice = {a: n for a, n in per_address.items() if n > 1}
    check(not missing, f"never delivered: {missing}")
    check(not twice, f"delivered more than once: {twice}")
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)", flush=True)
        sys.exit(1)
    print("each email arrived exactly once", flush=True)


if __name__ == "__main__":
    main()
