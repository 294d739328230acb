#!/usr/bin/env python3
"""Races across two Steward processes sharing one PostgreSQL (issue 10, NOTES §5 and §6).

    Tests/concurrency/two_processes.py --a http://127.0.0.1:PORT_A --b http://127.0.0.1:PORT_B \
        --mail-dir DIR

Both servers run `steward demo` on the same database with rate limits off. Each race sends its
competing requests to different processes at the same moment, then checks the invariant in the
database's answers:

- a link with 10 uses, joined by 30 people at once: exactly 10 get in;
- accept against cancel of one invite, 10 times: exactly one wins, and a member exists exactly
  when the accept won;
- two owners demoting each other, 5 times: exactly one owner remains;
- both processes deliver to one SMTP sink (writing to --mail-dir): no email arrives twice.

Exits 1 with the failures listed, 0 when every invariant held.
"""

import argparse
import glob
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, flush=True)


def api(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"content-type": "application/json"} if data is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            raw = res.read()
            return res.status, (json.loads(raw) if raw else {})
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw) if raw else {}
        except ValueError:
            return err.code, {"raw": raw.decode(errors="replace")}


def at_once(calls):
    """Runs the calls in threads released together; answers their results in order."""
    results = [None] * len(calls)
    gate = threading.Barrier(len(calls))

    def run(i, call):
        gate.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def login(base, email, password="steward-demo"):
    status, body = api(base, "POST", "/api/v1/auth/login", {"email": email, "password": password})
    assert status == 200, f"login {email}: {status} {body}"
    return body["token"]


def register(base, email):
    status, body = api(base, "POST", "/api/v1/auth/register",
                       {"email": email, "password": "correct horse battery", "name": email.split("@")[0]})
    assert status == 201, f"register {email}: {status} {body}"
    return body["token"]


def fresh_workspace(a, owner, org, name):
    status, body = api(a, "POST", f"/api/v1/orgs/{org}/workspaces", {"name": name}, owner)
    assert status == 201, f"workspace: {status} {body}"
    return body["id"]


def race_link(a, b, owner, org, stamp):
    ws = fresh_workspace(a, owner, org, f"Link race {stamp}")
    status, link = api(a, "POST", f"/api/v1/workspaces/{ws}/invite-links", {"role": "member", "maxUses": 10}, owner)
    assert status == 201, f"link: {status} {link}"
    token = link["url"].split("/invitations/")[-1]
    people = [register(a if i % 2 else b, f"link{stamp}-{i}@race.test") for i in range(30)]
    results = at_once([
        (lambda p=p, base=(a if i % 2 else b): api(base, "POST", f"/api/v1/invitations/{token}/accept", None, p))
        for i, p in enumerate(people)
    ])
    joined = sum(1 for status, _ in results if status == 200)
    check(joined == 10, f"link with 10 uses admitted {joined} of 30: {[s for s, _ in results]}")
    check(all(s < 500 for s, _ in results), f"link race had a server error: {results}")


def race_accept_cancel(a, b, owner, org, stamp, mail_dir):
    ws = fresh_workspace(a, owner, org, f"Accept race {stamp}")
    for i in range(10):
        email = f"accept{stamp}-{i}@race.test"
        status, sent = api(a, "POST", f"/api/v1/workspaces/{ws}/invites", {"emails": [email], "role": "member"}, owner)
        invite_id = sent["results"][0].get("inviteId")
        assert invite_id, f"invite: {status} {sent}"
        person = register(b, email)  # unverified: the invite stays pending
        token = invitation_token(mail_dir, email)
        accept, cancel = at_once([
            lambda: api(a, "POST", f"/api/v1/invitations/{token}/accept", None, person),
            lambda: api(b, "DELETE", f"/api/v1/invites/{invite_id}", None, owner),
        ])
        member = api(a, "GET", f"/api/v1/workspaces/{ws}", None, person)[0] == 200
        check((accept[0] == 200) != (cancel[0] == 204), f"accept {accept} / cancel {cancel}: not exactly one winner")
        check(member == (accept[0] == 200), f"member={member} but accept answered {accept[0]}")


def invitation_token(mail_dir, email):
    """The token of the invitation emailed to `email`, as the SMTP sink received it."""
    deadline = time.time() + 30
    while time.time() < deadline:
        for path in glob.glob(f"{mail_dir}/message-*.json"):
            with open(path, encoding="utf-8") as handle:
                record = json.load(handle)
            if email in record.get("rcpt_tos", []):
                found = re.search(r"/invitations/([A-Za-z0-9_-]+)", record.get("data", ""))
                if found:
                    return found.group(1)
        time.sleep(0.5)
    raise AssertionError(f"no invitation email for {email}")


def race_owners(a, b, owner, org, admin_email, stamp):
    admin = login(b, admin_email)
    me = api(b, "GET", "/api/v1/me", None, admin)[1]["id"]
    owner_id = api(a, "GET", "/api/v1/me", None, owner)[1]["id"]
    for i in range(5):
        ws = fresh_workspace(a, owner, org, f"Owner race {stamp}-{i}")
        api(a, "POST", f"/api/v1/workspaces/{ws}/invites", {"emails": [admin_email], "role": "admin"}, owner)
        status, _ = api(a, "PATCH", f"/api/v1/workspaces/{ws}/members/{me}", {"role": "owner"}, owner)
        assert status == 200, f"promote: {status}"
        first, second = at_once([
            lambda: api(a, "PATCH", f"/api/v1/workspaces/{ws}/members/{me}", {"role": "admin"}, owner),
            lambda: api(b, "PATCH", f"/api/v1/workspaces/{ws}/members/{owner_id}", {"role": "admin"}, admin),
        ])
        status, members = api(a, "GET", f"/api/v1/workspaces/{ws}/members?limit=200", None, owner)
        if status != 200:
            status, members = api(b, "GET", f"/api/v1/workspaces/{ws}/members?limit=200", None, admin)
        owners = [m for m in members.get("items", []) if m.get("role") == "owner" and m.get("access") == "membership"]
        check(len(owners) == 1, f"owners after the race: {len(owners)} ({first[0]}, {second[0]})")
        check(first[0] < 500 and second[0] < 500, f"owner race server error: {first} {second}")


def no_duplicate_mail(mail_dir):
    seen = {}
    for path in glob.glob(f"{mail_dir}/message-*.json"):
        with open(path, encoding="utf-8") as handle:
            record = json.load(handle)
        key = record.get("parsed", {}).get("message_id") or record.get("data", "")[:200]
        seen.setdefault(key, []).append(path)
    twice = {k: v for k, v in seen.items() if len(v) > 1}
    check(not twice, f"emails delivered more than once: {list(twice.values())[:5]}")
    print(f"{len(seen)} distinct emails delivered, none twice" if not twice else "duplicates found", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True)
    parser.add_argument("--b", required=True)
    parser.add_argument("--mail-dir", required=True, help="where the SMTP sink both processes use writes")
    args = parser.parse_args()
    stamp = str(int(time.time()))
    owner = login(args.a, "owner@demo.steward.test")
    orgs = api(args.a, "GET", "/api/v1/orgs", None, owner)[1]["items"]
    org = orgs[0]["id"]
    for name, race in [
        ("link uses", lambda: race_link(args.a, args.b, owner, org, stamp)),
        ("accept against cancel", lambda: race_accept_cancel(args.a, args.b, owner, org, stamp, args.mail_dir)),
        ("owners demoting each other", lambda: race_owners(args.a, args.b, owner, org, "admin@demo.steward.test", stamp)),
    ]:
        started = time.time()
        race()
        print(f"{name}: done in {time.time() - started:.1f} s", flush=True)
    time.sleep(5)  # the workers deliver within a second or two
    no_duplicate_mail(args.mail_dir)
    if FAILURES:
        print(f"{len(FAILURES)} invariant(s) broken", flush=True)
        sys.exit(1)
    print("every invariant held across two processes", flush=True)


if __name__ == "__main__":
    main()
