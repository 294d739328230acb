#!/usr/bin/env python3
"""Data for the contract run: real ids for every operation schemathesis cannot reach on its own.

    fixtures.py --base http://127.0.0.1:PORT --out DIR/schemathesis.toml

Runs against a fresh `steward demo` (rate limits off, development mailbox on). It signs in as the
demo accounts, creates through the public API what the demo lacks (a partner organisation's
external-client workspace, pending invites, a link, an access request, an upgrade request, a
referral deal, projects with conversations and reports, an extra session) and writes a
schemathesis config that pins each operation's path ids to them and signs each operation in as
someone it concerns: staff for the staff console, the owner elsewhere.

Destructive operations get their own victims (a project only to delete, a workspace only to hand
off) so the rest of the run keeps finding its data.
"""

import argparse
import json
import re
import sys
import urllib.error
import urllib.request

PASSWORD = "steward-demo"


class API:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, body=None, token=None, expect=(200, 201, 202, 204)):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        if token:
            request.add_header("authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if status not in expect:
            sys.exit(f"fixtures: {method} {path} answered {status}: {text}")
        return json.loads(text) if text else None

    def text(self, path):
        with urllib.request.urlopen(self.base + path) as response:
            return response.read().decode()

    def register(self, email, name):
        return self.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "name": name})["token"]

    def login(self, email, password=PASSWORD):
        return self.call("POST", "/api/v1/auth/login", {"email": email, "password": password})["token"]

    def mailed_token(self, to, marker):
        """The token after `marker` in the newest development-mailbox email to `to`."""
        mailbox = self.text("/dev/mailbox")
        for email_id in re.findall(r'href="/dev/mailbox/([0-9a-f-]{36})"', mailbox):
            message = self.text(f"/dev/mailbox/{email_id}")
            if to in message:
                found = re.search(re.escape(marker) + r"([A-Za-z0-9_-]{20,})", message)
                if found:
                    return found.group(1)
        sys.exit(f"fixtures: no email to {to} holds {marker}")


def build(api):
    owner = api.login("owner@demo.steward.test")
    staff = api.login("staff@demo.steward.test")
    member = api.login("member@demo.steward.test")
    billing = api.login("billing@demo.steward.test")
    # A second session of the owner's, for revoking one that is not the run's own.
    spare_session = api.login("owner@demo.steward.test")
    sessions = api.call("GET", "/api/v1/me/sessions", token=spare_session)["items"]
    spare_session_id = next(s["id"] for s in sessions if s.get("current"))

    # Accounts the emailed links belong to: a data owner who can take a handoff (verified), an
    # invitee who accepts or declines, and two whose verification and reset links the run may use.
    trustee = api.register("trustee@lakeside.steward.test", "Tess Trustee")
    api.call("POST", "/api/v1/auth/verify-email",
             {"token": api.mailed_token("trustee@lakeside.steward.test", "/verify-email/")})
    invitee = api.register("consultant@outside.steward.test", "Cai Consultant")
    api.register("unverified@outside.steward.test", "Una Verified")
    verify_token = api.mailed_token("unverified@outside.steward.test", "/verify-email/")
    api.register("forgetful@outside.steward.test", "Fergus Forgetful")
    api.call("POST", "/api/v1/auth/password-reset", {"email": "forgetful@outside.steward.test"})
    reset_token = api.mailed_token("forgetful@outside.steward.test", "/reset-password/")

    org = api.call("GET", "/api/v1/orgs", token=owner)["items"][0]["id"]
    demo_workspace = api.call("GET", f"/api/v1/orgs/{org}/workspaces", token=owner)["items"][0]["id"]

    # The partner programme: staff flag the organisation, the owner opens client workspaces.
    api.call("PUT", f"/api/v1/staff/orgs/{org}/partner", {"isPartner": True}, token=staff)
    # Whitelabel (the client's logo) needs Changemaker.
    pooled = next(a["id"] for a in api.call("GET", f"/api/v1/orgs/{org}/billing-accounts", token=owner)["items"])
    api.call("PUT", f"/api/v1/staff/billing-accounts/{pooled}/tier", {"tier": "changemaker", "reason": "contract run"},
             token=staff)
    # Staff flip tiers and partner flags during the run: on an organisation nothing else uses.
    spare_org = api.call("POST", "/api/v1/orgs", {"name": "Spare Holdings"}, token=owner)["id"]
    spare_account = api.call("GET", f"/api/v1/orgs/{spare_org}/billing-accounts", token=owner)["items"][0]["id"]

    def client_workspace(name, owner_email):
        return api.call(
            "POST", f"/api/v1/orgs/{org}/workspaces",
            {"name": name, "visibility": "inviteOnly",
             "externalClient": {"clientOrgName": name + " Ltd", "dataOwnerEmail": owner_email,
                                "partnerAgreementAccepted": True}},
            token=owner)["id"]

    client = client_workspace("Harbour Council", "data-owner@client.steward.test")
    handoff = client_workspace("Lakeside Trust", "trustee@lakeside.steward.test")

    # People in the client workspace: an org member to change and remove, and pending invites.
    api.call("POST", f"/api/v1/workspaces/{client}/invites",
             {"emails": ["admin@demo.steward.test"], "role": "member"}, token=owner)
    members = api.call("GET", f"/api/v1/workspaces/{client}/members", token=owner)["items"]
    admin_id = next(m["user"]["id"] for m in members if m["user"]["email"] == "admin@demo.steward.test")
    api.call("POST", f"/api/v1/workspaces/{client}/invites",
             {"emails": ["consultant@outside.steward.test", "second@outside.steward.test"], "role": "external"},
             token=owner)
    invites = api.call("GET", f"/api/v1/workspaces/{client}/invites", token=owner)["items"]
    invite_id = invites[0]["id"]
    invitation_token = api.mailed_token("consultant@outside.steward.test", "/invitations/")
    link = api.call("POST", f"/api/v1/workspaces/{client}/invite-links", {"role": "observer"}, token=owner)

    # An organisation member for the org member operations (the owner's peer, not the owner).
    org_members = api.call("GET", f"/api/v1/orgs/{org}/members", token=owner)["items"]
    org_member_id = next(m["user"]["id"] for m in org_members if m["user"]["email"] == "billing@demo.steward.test")

    # An org member asks to join a workspace open to the organisation (NOTES §6); the billing person asks for a higher tier.
    open_workspace = api.call("POST", f"/api/v1/orgs/{org}/workspaces", {"name": "Board Papers"},
                      token=owner)["id"]
    access_request = api.call("POST", f"/api/v1/workspaces/{open_workspace}/access-requests", {"message": "Please"},
                              token=member)["id"]
    upgrade_request = api.call("POST", f"/api/v1/orgs/{org}/upgrade-requests",
                               {"kind": "tier", "requestedTier": "guardian"}, token=billing)["id"]
    accounts = api.call("GET", f"/api/v1/orgs/{org}/billing-accounts", token=owner)["items"]
    account_id = accounts[0]["id"]

    def deal():
        return api.call("POST", "/api/v1/staff/referral-deals",
                        {"partnerOrgId": org, "clientWorkspaceId": client, "kickbackPercent": 10, "discountPercent": 5,
                         "startsAt": "2026-01-01T00:00:00Z"}, token=staff)["id"]

    kept_deal, doomed_deal = deal(), deal()

    def project(name, workspace=client):
        return api.call("POST", f"/api/v1/workspaces/{workspace}/projects", {"name": name}, token=owner)["id"]

    def conversation(project_id):
        return api.call("POST", f"/api/v1/projects/{project_id}/conversations",
                        {"participantName": "Anna", "text": "The bus is late and the park needs lights."},
                        token=owner)["id"]

    main_project = project("Transport survey")
    conversation(main_project)
    kept_conversation = conversation(main_project)
    doomed_conversation = conversation(main_project)
    kept_report = api.call("POST", f"/api/v1/projects/{main_project}/reports", token=owner)["id"]
    doomed_report = api.call("POST", f"/api/v1/projects/{main_project}/reports", token=owner)["id"]
    doomed_project = project("Old pilot")
    # Client data stays in its workspace, so the project that moves is an internal one.
    moving_project = project("Parks survey", demo_workspace)

    return {
        "owner": owner, "staff": staff,
        "org": org, "workspace": client, "demo_workspace": demo_workspace, "handoff": handoff,
        "user": admin_id, "org_user": org_member_id, "invite": invite_id, "link": link["id"],
        "invitation": invitation_token, "access_request": access_request, "upgrade_request": upgrade_request,
        "account": account_id, "deal": kept_deal, "doomed_deal": doomed_deal, "session": spare_session_id,
        "spare_org": spare_org, "spare_account": spare_account, "move_target": open_workspace,
        "invitee": invitee, "verify_token": verify_token, "reset_token": reset_token,
        "project": main_project, "doomed_project": doomed_project, "moving_project": moving_project,
        "conversation": kept_conversation, "doomed_conversation": doomed_conversation,
        "report": kept_report, "doomed_report": doomed_report,
    }


def toml_value(value):
    return json.dumps(value)


def config(ids, document):
    """Exactly one [[operations]] block per operation (schemathesis applies the first that matches)."""
    # Deleting what the API itself creates is left to the stateful phase, which deletes what it
    # has just created; a pinned victim would be gone after the first call and every later
    # "created, then not found" would be blamed on the server.
    # A member of the pinned place, reached in the stateful phase through a link to a place it has
    # just created: the link replaces the place but not the person, who is not a member there, and
    # the 404 would be blamed on the server ("created, then not found"). Coverage and fuzzing
    # still exercise them with the pinned pair.
    second_id_pinned = {"changeOrgMemberRole", "removeOrgMember", "changeWorkspaceMemberRole", "removeWorkspaceMember"}
    unpinned = {"staffUpdateReferralDeal", "staffDeleteReferralDeal", "deleteProject", "deleteConversation", "deleteReport", "revokeInviteLink"}
    pins = {
        # The handoff victim is staff's; statements are read for the demo's own workspace.
        "previewWorkspaceTransfer": {"id": ids["handoff"]},
        "transferWorkspace": {"id": ids["handoff"]},
        "getWorkspaceStatement": {"id": ids["demo_workspace"]},
        "changeWorkspaceMemberRole": {"userId": ids["user"]},
        "removeWorkspaceMember": {"userId": ids["user"]},
        "changeOrgMemberRole": {"userId": ids["org_user"]},
        "removeOrgMember": {"userId": ids["org_user"]},
        "cancelInvite": {"inviteId": ids["invite"]},
        "resendInvite": {"inviteId": ids["invite"]},
        "getInvitation": {"token": ids["invitation"]},
        "acceptInvitation": {"token": ids["invitation"]},
        "declineInvitation": {"token": ids["invitation"]},
        "approveAccessRequest": {"requestId": ids["access_request"]},
        "denyAccessRequest": {"requestId": ids["access_request"]},
        "approveUpgradeRequest": {"requestId": ids["upgrade_request"]},
        "denyUpgradeRequest": {"requestId": ids["upgrade_request"]},
        "staffSetTier": {"accountId": ids["spare_account"]},
        "staffSetPartner": {"orgId": ids["spare_org"]},
        "getBillingAccount": {"accountId": ids["account"]},
        "setBillingPeriod": {"accountId": ids["account"]},
        "getBillingStatement": {"accountId": ids["account"]},
        "revokeSession": {"sessionId": ids["session"]},
        "moveProject": {"id": ids["moving_project"], "body.targetWorkspaceId": ids["move_target"]},
        "verifyEmail": {"body.token": ids["verify_token"]},
        "confirmPasswordReset": {"body.token": ids["reset_token"]},
        "getConversation": {"id": ids["conversation"]},
        "getReport": {"id": ids["report"]},
        "publishReport": {"id": ids["report"]},
        "contributeThroughPortal": {"projectId": ids["project"]},
    }
    # The rest by where the id sits: /workspaces/{id}, /projects/{id}, any {orgId}.
    by_prefix = [
        ("/api/v1/workspaces/{id}", {"id": ids["workspace"]}),
        ("/api/v1/projects/{id}", {"id": ids["project"]}),
    ]
    lines = [
        "# Written by Tests/contract/fixtures.py for one run; not committed.",
        "[headers]",
        f"Authorization = {toml_value('Bearer ' + ids['owner'])}",
        "",
    ]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            operation_id = operation["operationId"]
            params = {}
            for prefix, values in by_prefix:
                if path == prefix or path.startswith(prefix + "/"):
                    params.update(values)
            if "{orgId}" in path:
                params["orgId"] = ids["org"]
            if operation_id in unpinned:
                params = {}
            params.update(pins.get(operation_id, {}))
            token = ids["staff"] if path.startswith("/api/v1/staff/") else None
            if operation_id in ("acceptInvitation", "declineInvitation"):
                token = ids["invitee"]
            if not params and not token:
                continue
            lines += ["[[operations]]", f"include-operation-id = {toml_value(operation_id)}"]
            if params:
                lines.append("parameters = { " + ", ".join(
                    f"{toml_value(k if k.startswith('body.') else 'path.' + k)} = {toml_value(v)}"
                    for k, v in params.items()) + " }")
            if token:
                lines.append("headers = { Authorization = " + toml_value("Bearer " + token) + " }")
            if operation_id in second_id_pinned:
                lines.append("phases = { stateful = { enabled = false } }")
            lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    api = API(args.base)
    ids = build(api)
    document = json.loads(api.text("/openapi.json"))
    with open(args.out, "w") as out:
        out.write(config(ids, document))
    print(f"fixtures: {len(ids)} ids written to {args.out}")


if __name__ == "__main__":
    main()
