"""Seeds a Steward database straight into its base tables, around a team built through the API.

The shape (see docs/performance.md): one organisation on one pooled billing account; W workspaces
of 100 members each; P people, each in 10 workspaces (W = M/100, P = M/10 for M memberships);
a seat_periods history for every membership; an audit event for every membership (cloned from the
team's own "member added" event, so its format is the server's); two projects per workspace,
conversations in every tenth workspace. The team's workspace gets 94 seeded members (about 100 in
all) and 200 more conversations in its project; its owner also joins 10 seeded workspaces.

Only base tables are written. Derived tables (seat counts, full-text indexes, ...) are the
server's `reindex` command's job.
"""

import datetime
import json
import random
import sqlite3
import subprocess
import time
import uuid

MEMBERS_PER_WORKSPACE = 100
WORKSPACES_PER_PERSON = 10
TEAM_EXTRA_MEMBERS = 94
OWNER_EXTRA_WORKSPACES = 10
PROJECTS_PER_WORKSPACE = 2
CONVERSATIONS_EVERY = 10  # every tenth workspace's first project has conversations
CONVERSATIONS_PER_PROJECT = 10
TEAM_CONVERSATIONS = 200
DAY = 86400.0

FIRST = ["Ada", "Bilal", "Chen", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivo", "Jun",
         "Kemi", "Lior", "Mara", "Nils", "Oona", "Priya", "Quinn", "Rosa", "Sven", "Tariq"]
LAST = ["Abara", "Berg", "Costa", "Dube", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
        "Kowal", "Lund", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi", "Singh", "Tan"]
WORDS = ["transport", "housing", "rent", "bus", "library", "park", "school", "clinic", "noise",
         "safety", "lighting", "market", "jobs", "childcare", "bikes", "trees", "flooding",
         "council", "youth", "elders", "parking", "water", "heating", "internet", "recycling",
         "festival", "footpath", "river", "allotment", "pharmacy"]


class SeedError(Exception):
    pass


class Shape:
    def __init__(self, memberships):
        if memberships % (MEMBERS_PER_WORKSPACE * WORKSPACES_PER_PERSON):
            raise SeedError("memberships must be a multiple of 1000")
        self.memberships = memberships
        self.workspaces = memberships // MEMBERS_PER_WORKSPACE
        self.people = memberships // WORKSPACES_PER_PERSON
        if self.workspaces < WORKSPACES_PER_PERSON:
            raise SeedError("too few workspaces for the shape")

    def person(self, w, s):
        # Slot s of workspace w. Person (q, i) is in workspaces q - b for b in 0..9: ten distinct
        # workspaces each, a hundred distinct people per workspace.
        return ((w + s // 10) % self.workspaces) * 10 + s % 10

    @staticmethod
    def role(s):
        return "owner" if s == 0 else "admin" if s == 1 else "billing" if s == 2 else "member"

    def describe(self):
        return {
            "memberships": self.memberships,
            "workspaces": self.workspaces,
            "people": self.people,
            "membersPerWorkspace": MEMBERS_PER_WORKSPACE,
            "workspacesPerPerson": WORKSPACES_PER_PERSON,
            "teamExtraMembers": TEAM_EXTRA_MEMBERS,
            "ownerExtraWorkspaces": OWNER_EXTRA_WORKSPACES,
            "projectsPerWorkspace": PROJECTS_PER_WORKSPACE,
            "conversations": self.conversation_count(),
        }

    def conversation_count(self):
        ws_with = (self.workspaces + CONVERSATIONS_EVERY - 1) // CONVERSATIONS_EVERY
        return ws_with * CONVERSATIONS_PER_PROJECT + TEAM_CONVERSATIONS


def person_email(n):
    return f"person{n}@seed.bench.test"


def person_name(n):
    return f"{FIRST[n % 20]} {LAST[(n // 20) % 20]} {n}"


def conversation_text(k):
    words = [WORDS[(k * 7 + j * 13 + j * j) % len(WORDS)] for j in range(12)]
    return ("I would like better " + " ".join(words[:4]) + ". We talked about " + " and ".join(words[4:8])
            + "; people mentioned " + ", ".join(words[8:]) + ".")


class Anchor:
    """The team built through the API: the ids everything seeded hangs on."""

    def __init__(self, owner_id, org_id, team_workspace_id, team_project_id):
        self.owner_id = uuid.UUID(owner_id)
        self.org_id = uuid.UUID(org_id)
        self.team_workspace_id = uuid.UUID(team_workspace_id)
        self.team_project_id = uuid.UUID(team_project_id)


def _memberships(shape, anchor):
    """Yields (workspace index or None for the team, person index or None for the owner, slot, role, days offset)."""
    for w in range(shape.workspaces):
        for s in range(MEMBERS_PER_WORKSPACE):
            yield w, shape.person(w, s), s, Shape.role(s)
    for n in range(min(TEAM_EXTRA_MEMBERS, shape.people)):
        yield None, n, 3 + n, "member"
    for w in range(OWNER_EXTRA_WORKSPACES):
        yield w, None, 1, "admin"


def _periods(slot, joined):
    """Seat history of a membership: (role offset, start, end) as (role or None, start, end)."""
    # Slots 1 and 2 were promoted from member after 30 days; every tenth slot left after 10 days
    # and came back after 40; everyone else holds one open period since joining.
    if slot in (1, 2):
        return [("member", joined, joined + 30 * DAY), (None, joined + 30 * DAY, None)]
    if slot % 10 == 7:
        return [("member", joined, joined + 10 * DAY), (None, joined + 40 * DAY, None)]
    return [(None, joined, None)]


# ---------------------------------------------------------------------------------------------
# SQLite


class SQLiteFormat:
    def __init__(self, con):
        row = con.execute("SELECT id, typeof(id), created_at, typeof(created_at), typeof(is_staff) FROM users "
                          "ORDER BY created_at LIMIT 1").fetchone()
        if row is None:
            raise SeedError("no user in the database to learn its storage formats from")
        uid, uid_type, created, created_type, bool_type = row
        if uid_type == "text":
            self.uuid_kind = "text-upper" if uid == uid.upper() else "text-lower"
        elif uid_type == "blob" and len(uid) == 16:
            self.uuid_kind = "blob"
        else:
            raise SeedError(f"unexpected users.id storage: {uid_type} {uid!r}")
        if created_type not in ("real", "integer"):
            raise SeedError(f"unexpected users.created_at storage: {created_type} {created!r} "
                            "(the seeder writes REAL or INTEGER seconds since 1970)")
        self.date_kind = created_type
        self.bool_kind = bool_type
        ws = con.execute("SELECT org_id, typeof(org_id), billing_account_id FROM workspaces LIMIT 1").fetchone()
        self.example = {"users.id": uid, "users.created_at": created, "workspaces.org_id": ws[0] if ws else None,
                        "workspaces.billing_account_id": ws[2] if ws else None}
        if ws and ws[1] != uid_type:
            raise SeedError(f"workspaces.org_id is stored as {ws[1]} but users.id as {uid_type}")

    def u(self, value):
        if self.uuid_kind == "text-upper":
            return str(value).upper()
        if self.uuid_kind == "text-lower":
            return str(value)
        return value.bytes

    def d(self, seconds):
        return float(seconds) if self.date_kind == "real" else int(seconds)

    def describe(self):
        return {"uuid": self.uuid_kind, "date": self.date_kind, "bool": self.bool_kind,
                "examples": {k: (v.hex() if isinstance(v, bytes) else v) for k, v in self.example.items()}}


def _sqlite_check(con, table, columns):
    info = con.execute(f"PRAGMA table_info({table})").fetchall()
    if not info:
        raise SeedError(f"table {table} does not exist")
    names = {r[1] for r in info}
    missing = [c for c in columns if c not in names]
    if missing:
        raise SeedError(f"{table} has no column(s) {', '.join(missing)}: the seeder needs updating")
    unknown = [r[1] for r in info if r[3] and r[4] is None and not r[5] and r[1] not in columns]
    if unknown:
        raise SeedError(f"{table} has NOT NULL column(s) without default the seeder does not fill: "
                        f"{', '.join(unknown)} — add them to Benchmarks/seed.py")


def _insert(con, table, columns, rows):
    _sqlite_check(con, table, columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    before = con.total_changes
    con.executemany(sql, rows)
    return con.total_changes - before


def seed_sqlite(path, shape, anchor, now=None):
    now = now or time.time()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        return _seed_sqlite(con, shape, anchor, now)
    finally:
        con.close()


def _seed_sqlite(con, shape, anchor, now):
    fmt = SQLiteFormat(con)
    U, D = fmt.u, fmt.d
    con.execute("PRAGMA journal_mode=MEMORY")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")
    org = U(anchor.org_id)
    row = con.execute("SELECT id FROM billing_accounts WHERE scope = 'org' AND org_id = ?", (org,)).fetchone()
    if row is None:
        raise SeedError("the team's organisation has no pooled (scope 'org') billing account")
    account = row[0]
    team_ws = U(anchor.team_workspace_id)
    owner = U(anchor.owner_id)
    base = now - 800 * DAY
    rng = random.Random(1)

    def new_uuid():
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def new_id():
        return U(new_uuid())

    ws_ids = [new_id() for _ in range(shape.workspaces)]
    ws_created = [base + i * 600 * DAY / shape.workspaces for i in range(shape.workspaces)]
    people_uuid = [new_uuid() for _ in range(shape.people)]
    people = [U(x) for x in people_uuid]
    people_created = base - 30 * DAY
    counts = {}
    con.execute("BEGIN")
    counts["users"] = _insert(con, "users", ["id", "email", "name", "password_hash", "is_staff", "created_at"], (
        (people[n], person_email(n), person_name(n), "!seeded-cannot-sign-in", 0, D(people_created + n))
        for n in range(shape.people)))
    counts["org_memberships"] = _insert(con, "org_memberships", ["id", "org_id", "user_id", "role", "created_at"], (
        (new_id(), org, people[n], "member", D(people_created + n)) for n in range(shape.people)))
    visibilities = ["open", "inviteOnly", "private"]
    counts["workspaces"] = _insert(
        con, "workspaces", ["id", "org_id", "name", "kind", "visibility", "billing_account_id", "created_at"], (
            (ws_ids[w], org, f"Seeded workspace {w}", "internal", visibilities[w % 3], account, D(ws_created[w]))
            for w in range(shape.workspaces)))

    team_joined = now - 20 * DAY

    def resolved():
        for w, p, s, role in _memberships(shape, anchor):
            ws = team_ws if w is None else ws_ids[w]
            user = owner if p is None else people[p]
            joined = team_joined + (s * 60) if w is None else ws_created[w] + s * 3600
            if p is None:
                joined = ws_created[w] + 7200
            yield ws, user, p, s, role, joined

    counts["workspace_memberships"] = _insert(
        con, "workspace_memberships", ["id", "workspace_id", "user_id", "role", "created_at"],
        ((new_id(), ws, user, role, D(joined)) for ws, user, p, s, role, joined in resolved()))
    counts["seat_periods"] = _insert(
        con, "seat_periods", ["id", "workspace_id", "user_id", "role", "started_at", "ended_at"],
        ((new_id(), ws, user, prole or role, D(start), None if end is None else D(end))
         for ws, user, p, s, role, joined in resolved()
         for prole, start, end in _periods(s, joined)))

    # Projects and conversations.
    def projects():
        for w in range(shape.workspaces):
            for k in range(PROJECTS_PER_WORKSPACE):
                yield w, k, new_id()
    project_rows = list(projects())
    counts["projects"] = _insert(con, "projects", ["id", "workspace_id", "name", "description", "created_at"], (
        (pid, ws_ids[w], f"Project {k + 1} of workspace {w}", "Seeded for the benchmark", D(ws_created[w] + DAY))
        for w, k, pid in project_rows))

    def conversations():
        k = 0
        for w, j, pid in project_rows:
            if j == 0 and w % CONVERSATIONS_EVERY == 0:
                for c in range(CONVERSATIONS_PER_PROJECT):
                    k += 1
                    yield pid, person_name(shape.person(w, c)), conversation_text(k), D(ws_created[w] + 2 * DAY + c)
        team_project = U(anchor.team_project_id)
        for c in range(TEAM_CONVERSATIONS):
            k += 1
            yield team_project, f"Participant {c}", conversation_text(k), D(now - 10 * DAY + c * 60)
    counts["conversations"] = _insert(
        con, "conversations", ["id", "project_id", "participant_name", "text", "source", "recorded_by", "created_at"],
        ((new_id(), pid, name, text, "host", owner, created) for pid, name, text, created in conversations()))

    # The audit trail: one event per membership, shaped like the server's own.
    audit_cols = [r[1] for r in con.execute("PRAGMA table_info(audit_events)").fetchall()]
    con.row_factory = sqlite3.Row
    template = con.execute(
        "SELECT * FROM audit_events WHERE workspace_id = ? AND target_type = 'user' AND actor_id = ? "
        "ORDER BY id DESC LIMIT 1", (team_ws, owner)).fetchone()
    con.row_factory = None
    if template is None:
        counts["audit_events"] = 0
        audit_note = "no template event found: audit not seeded"
    else:
        t = dict(template)
        lower_target = (t.get("target_id") or "") == (t.get("target_id") or "").lower()
        cols = [c for c in audit_cols if c != "id"]
        idx = {c: i for i, c in enumerate(cols)}
        owner_email = con.execute("SELECT email FROM users WHERE id = ?", (owner,)).fetchone()[0]
        role_after = "after" in idx and t.get("after") == "member"  # the template records the role granted

        def events():
            base_row = [t[c] for c in cols]
            for ws, user, p, s, role, joined in resolved():
                r = list(base_row)
                r[idx["workspace_id"]] = ws
                r[idx["org_id"]] = org
                target = str(anchor.owner_id if p is None else people_uuid[p])
                r[idx["target_id"]] = target.lower() if lower_target else target.upper()
                r[idx["target_label"]] = owner_email if p is None else person_email(p)
                r[idx["created_at"]] = D(joined)
                if role_after:
                    r[idx["after"]] = role
                yield r
        counts["audit_events"] = _insert(con, "audit_events", cols, events())
        audit_note = f"cloned from a '{t['action']}' event"
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=WAL")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
    return {"counts": counts, "format": fmt.describe(), "audit": audit_note}


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def psql(conn, sql, capture=False):
    """Runs SQL through psql (conn: dict with bin, host, port, user, db). Returns stdout."""
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", conn["host"], "-p", str(conn["port"]),
           "-U", conn["user"], "-d", conn["db"]]
    if capture:
        cmd += ["-A", "-t"]
    proc = subprocess.run(cmd, input=sql, text=True, capture_output=True)
    if proc.returncode != 0:
        raise SeedError(f"psql failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return proc.stdout


def _pg_check(conn, table, columns):
    out = psql(conn, "SELECT column_name, is_nullable, coalesce(column_default, ''), coalesce(identity_generation, '') "
                     f"FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}';",
               capture=True)
    info = [line.split("|") for line in out.splitlines() if line]
    if not info:
        raise SeedError(f"table {table} does not exist")
    names = {r[0] for r in info}
    missing = [c for c in columns if c not in names]
    if missing:
        raise SeedError(f"{table} has no column(s) {', '.join(missing)}: the seeder needs updating")
    unknown = [r[0] for r in info if r[1] == "NO" and not r[2] and not r[3] and r[0] not in columns]
    if unknown:
        raise SeedError(f"{table} has NOT NULL column(s) without default the seeder does not fill: "
                        f"{', '.join(unknown)} — add them to Benchmarks/seed.py")
    return [r[0] for r in info]


def _arr(words):
    return "ARRAY[" + ", ".join(f"'{w}'" for w in words) + "]"


def seed_postgres(conn, shape, anchor):
    org, owner = str(anchor.org_id), str(anchor.owner_id)
    team_ws, team_project = str(anchor.team_workspace_id), str(anchor.team_project_id)
    account = psql(conn, f"SELECT id FROM billing_accounts WHERE scope = 'org' AND org_id = '{org}';",
                   capture=True).strip()
    if not account:
        raise SeedError("the team's organisation has no pooled (scope 'org') billing account")
    checks = {
        "users": ["id", "email", "name", "password_hash", "is_staff", "created_at"],
        "org_memberships": ["id", "org_id", "user_id", "role", "created_at"],
        "workspaces": ["id", "org_id", "name", "kind", "visibility", "billing_account_id", "created_at"],
        "workspace_memberships": ["id", "workspace_id", "user_id", "role", "created_at"],
        "seat_periods": ["id", "workspace_id", "user_id", "role", "started_at", "ended_at"],
        "projects": ["id", "workspace_id", "name", "description", "created_at"],
        "conversations": ["id", "project_id", "participant_name", "text", "source", "recorded_by", "created_at"],
    }
    for table, cols in checks.items():
        _pg_check(conn, table, cols)
    # Audit events are cloned from a real one: every column comes from the template.
    audit_cols = [c for c in psql(conn, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                        "'public' AND table_name = 'audit_events' ORDER BY ordinal_position;",
                                  capture=True).split() if c != "id"]
    _pg_check(conn, "audit_events", ["id"] + audit_cols)
    template = psql(conn, f"SELECT id, action, target_id FROM audit_events WHERE workspace_id = '{team_ws}' "
                          f"AND target_type = 'user' AND actor_id = '{owner}' ORDER BY id DESC LIMIT 1;",
                    capture=True).strip()
    W, P = shape.workspaces, shape.people
    word = f"({_arr(WORDS)})"
    first, last = f"({_arr(FIRST)})", f"({_arr(LAST)})"
    # The same shape as the SQLite seeder, in SQL.
    sql = f"""
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE b_ws ON COMMIT DROP AS
  SELECT g AS n, gen_random_uuid() AS id,
         now() - interval '800 days' + g * (interval '600 days' / {W}) AS created
  FROM generate_series(0, {W - 1}) g;
CREATE TEMP TABLE b_people ON COMMIT DROP AS
  SELECT g AS n, gen_random_uuid() AS id, now() - interval '830 days' + g * interval '1 second' AS created
  FROM generate_series(0, {P - 1}) g;
ALTER TABLE b_people ADD PRIMARY KEY (n);
INSERT INTO users (id, email, name, password_hash, is_staff, created_at)
  SELECT id, 'person' || n || '@seed.bench.test',
         {first}[1 + n % 20] || ' ' || {last}[1 + (n / 20) % 20] || ' ' || n,
         '!seeded-cannot-sign-in', false, created
  FROM b_people;
INSERT INTO org_memberships (id, org_id, user_id, role, created_at)
  SELECT gen_random_uuid(), '{org}', id, 'member', created FROM b_people;
INSERT INTO workspaces (id, org_id, name, kind, visibility, billing_account_id, created_at)
  SELECT id, '{org}', 'Seeded workspace ' || n, 'internal',
         (ARRAY['open', 'inviteOnly', 'private'])[1 + n % 3], '{account}', created
  FROM b_ws;
CREATE TEMP TABLE b_m ON COMMIT DROP AS
  SELECT w.id AS ws, p.id AS uid, p.n AS pn, s.s AS slot,
         CASE WHEN s.s = 0 THEN 'owner' WHEN s.s = 1 THEN 'admin' WHEN s.s = 2 THEN 'billing' ELSE 'member' END AS role,
         w.created + s.s * interval '1 hour' AS joined
  FROM b_ws w CROSS JOIN generate_series(0, {MEMBERS_PER_WORKSPACE - 1}) s(s)
  JOIN b_people p ON p.n = ((w.n + s.s / 10) % {W}) * 10 + s.s % 10;
INSERT INTO b_m
  SELECT '{team_ws}'::uuid, id, n, 3 + n, 'member', now() - interval '20 days' + (3 + n) * interval '1 minute'
  FROM b_people WHERE n < {min(TEAM_EXTRA_MEMBERS, P)};
INSERT INTO b_m
  SELECT id, '{owner}'::uuid, NULL, 1, 'admin', created + interval '2 hours' FROM b_ws WHERE n < {OWNER_EXTRA_WORKSPACES};
INSERT INTO workspace_memberships (id, workspace_id, user_id, role, created_at)
  SELECT gen_random_uuid(), ws, uid, role, joined FROM b_m;
-- Seat history: slots 1 and 2 promoted from member after 30 days; every tenth slot left after
-- 10 days and came back after 40; everyone else one open period.
INSERT INTO seat_periods (id, workspace_id, user_id, role, started_at, ended_at)
  SELECT gen_random_uuid(), ws, uid, role,
         joined + CASE WHEN ws <> '{team_ws}' AND slot IN (1, 2) THEN interval '30 days'
                       WHEN slot % 10 = 7 THEN interval '40 days' ELSE interval '0' END, NULL
  FROM b_m;
INSERT INTO seat_periods (id, workspace_id, user_id, role, started_at, ended_at)
  SELECT gen_random_uuid(), ws, uid, 'member', joined,
         joined + CASE WHEN ws <> '{team_ws}' AND slot IN (1, 2) THEN interval '30 days' ELSE interval '10 days' END
  FROM b_m WHERE (ws <> '{team_ws}' AND slot IN (1, 2)) OR slot % 10 = 7;
CREATE TEMP TABLE b_projects ON COMMIT DROP AS
  SELECT w.n AS wn, k, gen_random_uuid() AS id, w.id AS ws, w.created + interval '1 day' AS created
  FROM b_ws w CROSS JOIN generate_series(0, {PROJECTS_PER_WORKSPACE - 1}) k;
INSERT INTO projects (id, workspace_id, name, description, created_at)
  SELECT id, ws, 'Project ' || (k + 1) || ' of workspace ' || wn, 'Seeded for the benchmark', created FROM b_projects;
INSERT INTO conversations (id, project_id, participant_name, text, source, recorded_by, created_at)
  SELECT gen_random_uuid(), p.id, 'Participant ' || c, 'I would like better ' || {word}[1 + (p.wn + c * 7) % 30] || ' '
         || {word}[1 + (p.wn * 3 + c * 13) % 30] || '. We talked about ' || {word}[1 + (p.wn + c * 11 + 5) % 30]
         || ' and ' || {word}[1 + (p.wn * 7 + c) % 30] || '; people mentioned ' || {word}[1 + (c * 17 + 3) % 30] || '.',
         'host', '{owner}', p.created + interval '1 day' + c * interval '1 second'
  FROM b_projects p CROSS JOIN generate_series(0, {CONVERSATIONS_PER_PROJECT - 1}) c
  WHERE p.k = 0 AND p.wn % {CONVERSATIONS_EVERY} = 0;
INSERT INTO conversations (id, project_id, participant_name, text, source, recorded_by, created_at)
  SELECT gen_random_uuid(), '{team_project}', 'Participant ' || c, 'I would like better ' || {word}[1 + c % 30] || ' '
         || {word}[1 + (c * 13) % 30] || '. We talked about ' || {word}[1 + (c * 11 + 5) % 30] || ' and '
         || {word}[1 + (c * 7 + 2) % 30] || '; people mentioned ' || {word}[1 + (c * 17 + 3) % 30] || '.',
         'host', '{owner}', now() - interval '10 days' + c * interval '1 minute'
  FROM generate_series(0, {TEAM_CONVERSATIONS - 1}) c;
"""
    audit_note = "no template event found: audit not seeded"
    if template:
        tid, action, target = template.split("|", 2)
        target_expr = "lower(m.uid::text)" if target == target.lower() else "upper(m.uid::text)"
        overrides = {"org_id": f"'{org}'::uuid", "workspace_id": "m.ws", "target_id": target_expr,
                     "target_label": "u.email", "created_at": "m.joined",
                     "after": "CASE WHEN t.after = 'member' THEN m.role ELSE t.after END"}
        select = ", ".join(overrides.get(c, f"t.{c}") for c in audit_cols)
        sql += f"""
INSERT INTO audit_events ({', '.join(audit_cols)})
  SELECT {select}
  FROM b_m m JOIN users u ON u.id = m.uid,
       (SELECT * FROM audit_events WHERE id = {int(tid)}) t
  ORDER BY m.joined;
"""
        audit_note = f"cloned from a '{action}' event"
    sql += "COMMIT;\nANALYZE;\n"
    psql(conn, sql)
    counts = {}
    for table in list(checks) + ["audit_events"]:
        counts[table] = int(psql(conn, f"SELECT count(*) FROM {table};", capture=True).strip())
    return {"counts": counts, "format": {"uuid": "uuid", "date": "timestamptz", "bool": "boolean"},
            "audit": audit_note, "analyzed": True}
