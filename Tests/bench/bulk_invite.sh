#!/usr/bin/env bash
# Times bulk invites of 50 new addresses (the maximum per request) against a release build on a
# fresh SQLite data directory, and prints the median and p90 over RUNS requests.
# Usage: Tests/bench/bulk_invite.sh [RUNS]   (default 20; builds the release binary if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-20}
swift build -c release --product steward >/dev/null
BIN=$(swift build -c release --show-bin-path)/steward
DATA=$(mktemp -d /tmp/steward-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
STEWARD_DATA_DIR="$DATA" STEWARD_RATE_LIMITS=off STEWARD_BASE_URL="http://127.0.0.1:$PORT" \
  "$BIN" demo --env production --hostname 127.0.0.1 --port "$PORT" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
python3 - "$PORT" "$RUNS" <<'PY'
import json, statistics, sys, time, urllib.request
port, runs = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}/api/v1"
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("content-type", "application/json")
    if token: req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as r: return json.load(r)
token = call("POST", "/auth/login", {"email": "owner@demo.steward.test", "password": "steward-demo"})["token"]
workspace = call("GET", "/workspaces", token=token)["items"][0]["id"]
times = []
for run in range(runs):
    emails = [f"bench-{run}-{i}@example.org" for i in range(50)]
    start = time.perf_counter()
    result = call("POST", f"/workspaces/{workspace}/invites", {"emails": emails, "role": "member"}, token)
    times.append((time.perf_counter() - start) * 1000)
    assert sum(1 for r in result["results"] if r.get("outcome") == "invited") == 50, result
times.sort()
print(f"bulk invite of 50 new addresses, {runs} requests: median {statistics.median(times):.0f} ms, "
      f"p90 {times[int(0.9 * (len(times) - 1))]:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
PY
