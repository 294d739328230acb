"""Steward benchmark driver; started by Benchmarks/run (see there and docs/performance.md)."""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed  # noqa: E402

SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
T0 = float(os.environ.get("BENCH_T0") or time.time())
TEAM_PASSWORD = "bench-password-1"


def log(msg):
    print(f"[bench {time.time() - T0:7.1f}s] {msg}", flush=True)


def loud(msg):
    bar = "!" * 78
    print(f"\n{bar}\n!! {msg}\n{bar}\n", flush=True)


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# HTTP


def http(base, method, path, body=None, token=None, timeout=120):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            status = resp.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, parsed


def api(base, method, path, body=None, token=None, expect=(200, 201)):
    status, parsed = http(base, method, path, body, token)
    if status not in expect:
        raise BenchError(f"{method} {path} answered {status}: {str(parsed)[:500]}")
    return parsed


# ---------------------------------------------------------------------------------------------
# The server


class Server:
    def __init__(self, binary, root, env, port, logfile):
        self.binary, self.root, self.env, self.port, self.logfile = binary, root, env, port, logfile
        self.proc = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self, timeout=180):
        log_fh = open(self.logfile, "ab")
        # Leaf finds Resources/Views relative to the working directory.
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--env", "production", "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=self.root, env=self.env, stdout=log_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log_fh.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server exited with {self.proc.returncode} before answering /healthz:\n"
                                 + self.tail())
            try:
                status, _ = http(self.base, "GET", "/healthz", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise BenchError(f"the server did not answer /healthz within {timeout} s:\n" + self.tail())

    def tail(self, lines=40):
        try:
            with open(self.logfile, "rb") as f:
                return "\n".join(f.read().decode(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def memory(self):
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0]) / 1024.0  # kB -> MB
        return fields

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self, probe_path, token, limit=30.0):
        """Waits until the server has finished the work a wrk pass left queued (wrk stops waiting for
        answers when its time is up; the server does not stop working on them), so it does not
        bleed into the next pass: one request through the same path, then until the server's CPU
        stays under 5 % of a core for 300 ms."""
        deadline = time.time() + limit
        try:
            http(self.base, "GET", probe_path, token=token, timeout=limit)
        except OSError:
            pass
        while time.time() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.3)
            if self.cpu_seconds() - before < 0.015:
                return
        log(f"warning: the server was still busy {limit:.0f} s after a pass")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------------------------------------
# wrk

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise BenchError(f"cannot read wrk time {text!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(out):
    result = {"non2xx": 0, "socketErrors": 0}
    m = re.search(r"([0-9]+) requests in", out)
    result["requests"] = int(m.group(1)) if m else None
    if result["requests"] == 0:
        # Nothing completed within the pass: wrk's latency lines then read 0 or the timeout.
        result.update(rps=0.0, p50=None, p99=None)
        return result
    m = re.search(r"Requests/sec:\s*([0-9.]+)", out)
    if not m:
        raise BenchError("wrk printed no Requests/sec:\n" + out)
    result["rps"] = float(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        m = re.search(rf"^\s*{pct}%\s+(\S+)\s*$", out, re.M)
        if not m:
            raise BenchError(f"wrk printed no {pct}% latency line:\n" + out)
        result[key] = to_ms(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s*([0-9]+)", out)
    if m:
        result["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        result["socketErrors"] = sum(int(x) for x in m.groups())
        result["timeouts"] = int(m.group(4))
    return result


def run_wrk(url, connections, duration, token=None):
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    cmd.append(url)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"wrk failed ({proc.returncode}): {proc.stderr.strip()}")
    return parse_wrk(proc.stdout)


# ---------------------------------------------------------------------------------------------
# One database at one scale


def build_team(base, vouch):
    """The real team at the centre, built through the API. `vouch` marks the team's addresses
    verified (as an operator would for accounts they control), so inviting them adds them."""
    reg = api(base, "POST", "/api/v1/auth/register",
              {"email": "owner@team.bench.test", "password": TEAM_PASSWORD, "name": "Bench Owner"})
    token, owner = reg["token"], reg["user"]
    org = api(base, "POST", "/api/v1/orgs", {"name": "Bench Research"}, token)
    ws = api(base, "POST", f"/api/v1/orgs/{org['id']}/workspaces", {"name": "Bench Panel"}, token)
    project = api(base, "POST", f"/api/v1/workspaces/{ws['id']}/projects",
                  {"name": "Neighbourhood study", "description": "Built through the API"}, token)
    for i, text in enumerate(["The buses are late every morning and the stop has no shelter.",
                              "We need more places for the children to play after school.",
                              "Rents went up again; several families on our street moved away."]):
        api(base, "POST", f"/api/v1/projects/{project['id']}/conversations",
            {"text": text, "participantName": f"Resident {i + 1}"}, token)
    emails = []
    for i in range(5):
        email = f"member{i + 1}@team.bench.test"
        api(base, "POST", "/api/v1/auth/register",
            {"email": email, "password": TEAM_PASSWORD, "name": f"Team Member {i + 1}"})
        emails.append(email)
    vouch()
    res = api(base, "POST", f"/api/v1/workspaces/{ws['id']}/invites",
              {"emails": emails + ["pending1@team.bench.test", "pending2@team.bench.test"], "role": "member"}, token)
    outcomes = [r.get("outcome") for r in res.get("results", [])]
    if outcomes.count("added") != 5:
        raise BenchError(f"adding the team's existing accounts did not answer 'added' five times: {res}")
    return {"owner": owner, "org": org, "workspace": ws, "project": project}


def endpoints(team):
    ws, project = team["workspace"]["id"], team["project"]["id"]
    return [
        ("GET /livez", "/livez", False),
        ("GET /healthz", "/healthz", False),
        ("GET /api/v1/me", "/api/v1/me", True),
        ("GET /api/v1/workspaces/{id}", f"/api/v1/workspaces/{ws}", True),
        ("GET /api/v1/projects/{id}", f"/api/v1/projects/{project}", True),
        ("GET /api/v1/workspaces", "/api/v1/workspaces", True),
        ("GET /api/v1/workspaces/{id}/members", f"/api/v1/workspaces/{ws}/members", True),
        ("GET /api/v1/projects/{id}/conversations", f"/api/v1/projects/{project}/conversations", True),
        ("GET /api/v1/workspaces/{id}/audit", f"/api/v1/workspaces/{ws}/audit", True),
        ("GET /api/v1/workspaces/{id}/usage", f"/api/v1/workspaces/{ws}/usage", True),
        ("GET /api/v1/workspaces/{id}/seats", f"/api/v1/workspaces/{ws}/seats", True),
    ]


def describe_body(body):
    if isinstance(body, dict):
        if isinstance(body.get("items"), list):
            more = " (more pages)" if body.get("nextCursor") else ""
            return f"{len(body['items'])} items{more}"
        if "seatsUsed" in body:
            return f"seatsUsed={body['seatsUsed']}"
        return "{" + ", ".join(list(body)[:4]) + (", …}" if len(body) > 4 else "}")
    return str(body)[:40]


def run_one(args, dbkind, scale, pg):
    name = f"{dbkind} {scale}"
    steps = {}
    memberships = SCALES[scale.lower()]
    shape = seed.Shape(memberships)
    work = os.path.join(args.work, f"{dbkind}-{scale}")
    os.makedirs(work, exist_ok=True)
    port = free_port()
    env = dict(os.environ)
    for var in ("DATABASE_URL", "TEST_DATABASE_URL", "SMTP_URL"):
        env.pop(var, None)
    env.update({"STEWARD_BASE_URL": f"http://127.0.0.1:{port}", "STEWARD_RATE_LIMITS": "off",
                "STEWARD_BCRYPT_COST": "4", "STEWARD_DATA_DIR": os.path.join(work, "data"),
                "LOG_LEVEL": "notice", "SWIFT_BACKTRACE": "enable=no"})
    os.makedirs(env["STEWARD_DATA_DIR"], exist_ok=True)
    conn = None
    if dbkind == "postgres":
        dbname = f"steward_bench_{scale.lower()}"
        conn = {"host": "127.0.0.1", "port": pg, "user": "postgres", "db": dbname}
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-p", str(pg), "-U", "postgres", dbname],
                       check=True, capture_output=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(pg), "-U", "postgres", dbname],
                       check=True, capture_output=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg}/{dbname}?sslmode=disable"
    result = {"db": dbkind, "scale": scale, "shape": shape.describe(), "steps": steps, "problems": []}
    server = Server(args.bin, args.root, env, port, os.path.join(work, "server.log"))

    def timed(label, fn):
        t = time.time()
        log(f"{name}: {label} …")
        value = fn()
        steps[label] = round(time.time() - t, 2)
        log(f"{name}: {label} done in {steps[label]:.1f} s")
        return value

    try:
        timed("start server on an empty database (migrates)", server.start)
        def vouch():
            # Binaries from before address verification have no such column: nothing to do there.
            sql = "UPDATE users SET email_verified_at = created_at WHERE email LIKE '%@team.bench.test'"
            if dbkind == "sqlite":
                con = sqlite3.connect(os.path.join(env["STEWARD_DATA_DIR"], "steward.sqlite"), timeout=30)
                try:
                    if any(row[1] == "email_verified_at" for row in con.execute("PRAGMA table_info(users)")):
                        con.execute(sql)
                        con.commit()
                finally:
                    con.close()
            elif seed.psql(conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                           "AND column_name = 'email_verified_at';", capture=True).strip() != "0":
                seed.psql(conn, sql + ";")
        team = timed("build the team through the API", lambda: build_team(server.base, vouch))
        server.stop()
        anchor = seed.Anchor(team["owner"]["id"], team["org"]["id"], team["workspace"]["id"], team["project"]["id"])
        if dbkind == "sqlite":
            path = os.path.join(env["STEWARD_DATA_DIR"], "steward.sqlite")
            seeded = timed(f"seed {memberships:,} memberships (SQLite, Python sqlite3)",
                           lambda: seed.seed_sqlite(path, shape, anchor))
        else:
            seeded = timed(f"seed {memberships:,} memberships (PostgreSQL, psql + generate_series)",
                           lambda: seed.seed_postgres(conn, shape, anchor))
        result["seeded"] = seeded
        log(f"{name}: rows inserted {json.dumps(seeded['counts'])}; storage {json.dumps(seeded['format'])}; "
            f"audit {seeded['audit']}")

        def reindex():
            proc = subprocess.run([args.bin, "reindex", "--env", "production"], cwd=args.root, env=env,
                                  capture_output=True, text=True)
            output = (proc.stdout + proc.stderr).strip()
            if proc.returncode != 0:
                if re.search(r"unknown ?command", output, re.I):
                    loud("the binary has no `reindex` command: derived tables were NOT rebuilt after seeding "
                         "(figures may be wrong)")
                    result["problems"].append("no reindex command")
                    return "missing"
                raise BenchError(f"reindex failed ({proc.returncode}):\n{output[-3000:]}")
            return "ok"
        result["reindex"] = timed("reindex (rebuild derived tables)", reindex)

        timed("start server on the seeded database", server.start)
        login = api(server.base, "POST", "/api/v1/auth/login",
                    {"email": "owner@team.bench.test", "password": TEAM_PASSWORD})
        token = login["token"]

        # Pre-flight: every endpoint once; a benchmark of error responses is worthless.
        targets = []
        livez_missing = False
        for label, path, auth in endpoints(team):
            status, body = http(server.base, "GET", path, token=token if auth else None)
            if label == "GET /livez" and status == 404:
                loud("GET /livez answers 404: the binary has no no-database endpoint; ratios cannot be computed")
                result["problems"].append("/livez missing (404)")
                result["failed"] = True
                livez_missing = True
                continue
            if status != 200:
                result["problems"].append(f"{label} answered {status} before the benchmark")
                result["failed"] = True
                log(f"{name}: {label} answered {status}: {str(body)[:300]}")
            else:
                log(f"{name}: pre-flight {label}: 200, {describe_body(body)}")
            targets.append((label, path, auth))

        rows = []
        t_wrk = time.time()
        for label, path, auth in targets:
            row = {"endpoint": label, "path": path}
            t = time.time()
            bearer = token if auth else None
            # Warm-up (connection pools, caches), then each measured pass from a settled server.
            run_wrk(server.base + path, 64, args.warmup, bearer)
            server.settle(path, bearer)
            row["c64"] = run_wrk(server.base + path, 64, args.duration, bearer)
            server.settle(path, bearer)
            if not args.smoke:
                row["c1"] = run_wrk(server.base + path, 1, args.duration, bearer)
                server.settle(path, bearer)
            for key in ("c64", "c1"):
                if key in row and not row[key]["requests"]:
                    result["problems"].append(f"{label}: no request completed within the {key[1:]}-connection "
                                              f"pass (raise --duration)")
                    result["failed"] = True
            log(f"{name}: {label}: {row['c64']['rps']:.0f} req/s at 64c, p50 {f_ms(row['c64']['p50'])} ms"
                + (f"; 1c p50 {f_ms(row['c1']['p50'])} ms" if "c1" in row else "")
                + f" ({time.time() - t:.0f} s)")
            rows.append(row)
        steps["wrk passes"] = round(time.time() - t_wrk, 2)
        result["endpoints"] = rows
        result["livezMissing"] = livez_missing
        compute_ratios(result)

        def bulk():
            times = []
            for run in range(args.bulk_runs):
                emails = [f"bulk{run}-{i}-{int(T0)}@invitees.bench.test" for i in range(50)]
                t = time.perf_counter()
                res = api(server.base, "POST", f"/api/v1/workspaces/{team['workspace']['id']}/invites",
                          {"emails": emails, "role": "member"}, token)
                times.append((time.perf_counter() - t) * 1000)
                bad = [r for r in res.get("results", []) if r.get("outcome") != "invited"]
                if bad or len(res.get("results", [])) != 50:
                    raise BenchError(f"bulk invite run {run}: not 50 'invited' outcomes: {str(bad[:3])[:500]}")
            return times
        times = timed(f"bulk invite x{args.bulk_runs} (50 new addresses each)", bulk)
        qs = statistics.quantiles(times, n=10, method="inclusive") if len(times) > 1 else times * 9
        result["bulkInvite"] = {"runs": len(times), "p50": statistics.median(times), "p90": qs[8],
                                "timesMs": [round(x, 2) for x in times]}
        mem = server.memory()
        result["rssMB"], result["hwmMB"] = mem.get("VmRSS"), mem.get("VmHWM")
    except BenchError as e:
        result["problems"].append(str(e).splitlines()[0])
        result["error"] = str(e)
        result["failed"] = True
        log(f"{name}: FAILED: {e}")
        if server.proc is not None:
            log(f"{name}: server log tail:\n{server.tail()}")
    finally:
        server.stop()
        if conn and not args.keep:
            subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-p", str(pg), "-U", "postgres", conn["db"]],
                           capture_output=True)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def compute_ratios(result):
    by = {r["endpoint"]: r for r in result["endpoints"]}
    livez, healthz = by.get("GET /livez"), by.get("GET /healthz")
    for r in result["endpoints"]:
        r["rpsVsLivez"] = r["c64"]["rps"] / livez["c64"]["rps"] if livez and livez["c64"]["rps"] else None
        if healthz and "c1" in r and "c1" in healthz and healthz["c1"]["p99"] and r["c1"]["p99"] is not None:
            r["p99c1VsHealthz"] = r["c1"]["p99"] / healthz["c1"]["p99"]
        else:
            r["p99c1VsHealthz"] = None


# ---------------------------------------------------------------------------------------------
# Output


def f_ms(x):
    return "–" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def f_ratio(x):
    return "–" if x is None else f"{x:.2f}"


def table(result, meta):
    lines = [f"### {result['db']}, {result['scale']} workspace memberships", ""]
    lines.append(f"{meta['binaryNote']}; commit {meta['commit']}; {meta['date']}; wrk {meta['duration']} s per pass"
                 + (" (smoke: 64 connections only)" if meta["smoke"] else ""))
    s = result["shape"]
    lines.append(f"Shape: {s['workspaces']:,} workspaces × {s['membersPerWorkspace']} members, "
                 f"{s['people']:,} people in {s['workspacesPerPerson']} workspaces each, on one pooled account; "
                 f"team workspace ≈{s['teamExtraMembers'] + 6} members. reindex: {result.get('reindex', '–')}.")
    lines.append("")
    if result.get("endpoints"):
        lines.append("| endpoint | req/s (64c) | ×livez | p50 64c ms | p99 64c ms | p50 1c ms | p99 1c ms "
                     "| p99 1c ×healthz | non-2xx |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in result["endpoints"]:
            c64, c1 = r["c64"], r.get("c1") or {}
            bad = c64["non2xx"] + c1.get("non2xx", 0)
            errs = c64["socketErrors"] + c1.get("socketErrors", 0)
            flag = f"**{bad} ⚠**" if bad else "0"
            if errs:
                flag += f" (+{errs} socket errors)"
            lines.append(f"| {r['endpoint']} | {c64['rps']:.0f} | {f_ratio(r['rpsVsLivez'])} | {f_ms(c64['p50'])} "
                         f"| {f_ms(c64['p99'])} | {f_ms(c1.get('p50'))} | {f_ms(c1.get('p99'))} "
                         f"| {f_ratio(r['p99c1VsHealthz'])} | {flag} |")
        lines.append("")
    if result.get("livezMissing"):
        lines.append("**GET /livez is missing (404): no ratios.**")
        lines.append("")
    if "bulkInvite" in result:
        b = result["bulkInvite"]
        lines.append(f"Bulk invite (50 new addresses, {b['runs']} runs): p50 {b['p50']:.1f} ms, p90 {b['p90']:.1f} ms.")
    if result.get("rssMB") is not None:
        lines.append(f"Server RSS after the run: {result['rssMB']:.0f} MB (peak {result['hwmMB']:.0f} MB).")
    steps = "; ".join(f"{k} {v:.1f} s" for k, v in result["steps"].items())
    lines.append(f"Steps: {steps}.")
    for p in result["problems"]:
        lines.append(f"**Problem:** {p}")
    lines.append("")
    return "\n".join(lines)


def growth(results):
    """p50 (1 connection, or 64 in smoke) of each endpoint across the scales of one database."""
    out = []
    for dbkind in sorted({r["db"] for r in results}):
        runs = [r for r in results if r["db"] == dbkind and r.get("endpoints")]
        if len(runs) < 2:
            continue
        key = "c1" if all("c1" in e for r in runs for e in r["endpoints"]) else "c64"
        out.append(f"### {dbkind}: p50 ms at {key[1:]} connection(s) by scale (× the smallest scale)")
        out.append("")
        out.append("| endpoint | " + " | ".join(r["scale"] for r in runs) + " |")
        out.append("|---|" + "---:|" * len(runs))
        for e in runs[0]["endpoints"]:
            cells, first = [], None
            for r in runs:
                match = next((x for x in r["endpoints"] if x["endpoint"] == e["endpoint"]), None)
                v = match[key]["p50"] if match else None
                first = first if first is not None else v
                cells.append("–" if v is None else f"{f_ms(v)} (×{v / first:.1f})" if first else f_ms(v))
            out.append(f"| {e['endpoint']} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", action="append", required=True)
    ap.add_argument("--db", action="append", required=True)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--pg-port", type=int)
    ap.add_argument("--pg-bin")
    args = ap.parse_args()
    args.bulk_runs = 5 if args.smoke else 20
    args.warmup = 1 if args.smoke else 2
    if args.pg_bin:
        os.environ["PATH"] = args.pg_bin + os.pathsep + os.environ["PATH"]

    commit = subprocess.run(["git", "-C", args.root, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", args.root, "status", "--porcelain", "--", "Sources", "Package.swift"],
                           capture_output=True, text=True).stdout.strip()
    is_debug = "/debug/" in args.bin or os.path.basename(os.path.dirname(args.bin)) == "debug"
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + ("+uncommitted" if dirty else ""),
        "binary": args.bin,
        "binaryNote": "**DEBUG binary: numbers meaningless**" if is_debug else "release binary",
        "duration": args.duration,
        "smoke": args.smoke,
        "cpus": os.cpu_count(),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0:1],
    }
    log(f"binary {args.bin} ({'debug' if is_debug else 'release'}), commit {meta['commit']}, "
        f"scales {', '.join(args.scale)}, databases {', '.join(args.db)}, {args.duration} s per pass")
    if is_debug:
        loud("benchmarking a DEBUG binary: only the flow means anything, not the numbers")

    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    results, failed = [], False
    for scale in args.scale:
        for dbkind in args.db:
            result = run_one(args, dbkind, scale.lower(), args.pg_port)
            results.append(result)
            text = table(result, meta)
            print("\n" + text, flush=True)
            # A failed run does not overwrite a good one of the same day.
            base = os.path.join(args.out, f"{stamp}-{dbkind}-{scale.lower()}" + ("-failed" if result.get("failed") else ""))
            with open(base + ".md", "w") as f:
                f.write(text)
            with open(base + ".json", "w") as f:
                json.dump({"meta": meta, **result}, f, indent=2)
            log(f"wrote {base}.md and .json")
            bad = [e for e in result.get("endpoints", []) if e["c64"]["non2xx"] or (e.get("c1") or {}).get("non2xx")]
            if result.get("failed") or bad:
                failed = True

    print("\n## Summary\n")
    for r in results:
        if r.get("error"):
            print(f"- {r['db']} {r['scale']}: FAILED — {r['problems'][0]}")
            continue
        eps = r.get("endpoints", [])
        worst = min((e for e in eps if e["rpsVsLivez"] is not None), key=lambda e: e["rpsVsLivez"], default=None)
        bad = sum(e["c64"]["non2xx"] + (e.get("c1") or {}).get("non2xx", 0) for e in eps)
        line = f"- {r['db']} {r['scale']}: {len(eps)} endpoints, non-2xx {bad}"
        if worst:
            line += f"; slowest {worst['endpoint']} at {worst['rpsVsLivez']:.3f}× livez req/s"
        if "bulkInvite" in r:
            line += f"; bulk invite p50 {r['bulkInvite']['p50']:.0f} ms"
        if r.get("rssMB") is not None:
            line += f"; RSS {r['rssMB']:.0f} MB"
        if r["problems"]:
            line += "; problems: " + "; ".join(r["problems"])
        print(line)
    g = growth(results)
    if g:
        print("\n" + g)
    print(f"\nResults in {args.out}/{stamp}-<db>-<scale>.md and .json", flush=True)
    if failed:
        print("bench: FAILED (see problems above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
