import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Access requests: asking to join, listing, approving and denying (NOTES §6).
extension AccessService {
    /// Asks to join. One pending request per person and workspace: asking again returns it.
    public func request(_ id: WorkspaceID, message: String?, by actor: UserID) async throws -> (
        AccessRequest, created: Bool
    ) {
        var v = Validator()
        let message = v.optionalText(message, field: "message", max: 1000)
        try v.check()
        let (workspace, org, status) = try await discovery(id, by: actor)
        if status == .member {
            throw DomainError(.conflict, code: "already_member", detail: "You are already in this workspace.")
        }
        if let existing = try await AccessRequestQueries.pendingRequest(workspace: id, user: actor, on: db) {
            return (try await value(existing, workspaceName: workspace.name), false)
        }
        let user = try await Load.user(actor, on: db)
        let row = AccessRequestRow()
        row.orgID = org.id.uuid
        row.workspaceID = id.uuid
        row.userID = actor.uuid
        row.message = message
        row.status = "pending"
        row.pendingKey = AccessRequestQueries.pendingKey(workspace: id, user: actor)
        row.createdAt = env.clock.now()
        let notify = try await approvers(workspace).filter { $0.id != user.id }
        // Read once for all approvers, and not at all when nobody is told.
        let brand = try await notify.isEmpty ? nil : Branding.email(workspace: id.uuid, on: db)
        do {
            try await db.transaction { tx in
                try await row.create(on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "access_request.made", actor: actor, org: org.id.uuid, workspace: id.uuid,
                    target: AuditLog.user(user), after: message.isEmpty ? nil : message)
                for approver in notify {
                    try await Outbox.enqueue(
                        Emails.accessRequested(
                            to: approver.email, requester: user.name, requesterEmail: user.email,
                            workspace: workspace.name, message: message,
                            link: env.link(.workspaceMembers(id, section: "access-requests")), brand: brand),
                        on: tx, now: env.clock.now())
                }
            }
        } catch  where error.isConstraintViolation {
            guard let existing = try await AccessRequestQueries.pendingRequest(workspace: id, user: actor, on: db)
            else { throw error }
            return (try await value(existing, workspaceName: workspace.name), false)
        }
        return (try await value(row, workspaceName: workspace.name), true)
    }

    /// Workspace owners/admins, who are told about new requests.
    func approvers(_ workspace: Workspace) async throws -> [UserRow] {
        let rows = try await MembershipQueries.activeWorkspaceMemberships(of: workspace.id.uuid, on: db)
            .filter { Access.can(WorkspaceRole(rawValue: $0.role), .manageMembers) }
        guard !rows.isEmpty else { return [] }
        return try await AccountQueries.users(rows.map(\.userID), on: db)
    }

    func value(_ row: AccessRequestRow, workspaceName: String) async throws -> AccessRequest {
        let user = try await Load.user(UserID(row.userID), on: db)
        return AccessRequest(
            id: row.id!, workspaceID: WorkspaceID(row.workspaceID), workspaceName: workspaceName, requester: user.value,
            message: row.message, status: row.status, createdAt: row.createdAt)
    }

    /// Pending requests, oldest first, with their requesters read in the same statement.
    public func requests(in id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<AccessRequest>
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        let rows = try await AccessRequestQueries.pendingRequests(in: id.uuid, page: page, on: db)
        return try ListPage(rows: rows, request: page) { row in
            AccessRequest(
                id: row.id!, workspaceID: WorkspaceID(row.workspaceID), workspaceName: ctx.workspace.name,
                requester: try row.joined(UserRow.self).value, message: row.message, status: row.status,
                createdAt: row.createdAt)
        }
    }

    /// Who may decide a request: the workspace's owners/admins, or its org's owners/admins.
    func decider(_ id: UUID, by actor: UserID) async throws -> (AccessRequestRow, WorkspaceRow, WorkspaceRole) {
        guard let row = try await AccessRequestRow.find(id, on: db),
            let ws = try await WorkspaceRow.find(row.workspaceID, on: db)
        else { throw DomainError.notFound("That request") }
        if let ctx = try? await Load.workspaceContext(WorkspaceID(ws.id!), user: actor, on: db), ctx.can(.manageMembers)
        {
            return (row, ws, ctx.role)
        }
        if let orgRole = try await Load.callerOrgRole(org: ws.orgID, user: actor.uuid, on: db),
            Access.can(orgRole, .manageMembers)
        {
            // Org owners/admins decide as workspace admins would (grant rule capped at admin).
            return (row, ws, orgRole == .owner ? .owner : .admin)
        }
        throw DomainError.notFound("That request")
    }

    public func approve(_ id: UUID, role rawRole: String?, by actor: UserID) async throws -> AccessRequest {
        let (row, ws, actorRole) = try await decider(id, by: actor)
        guard row.status == "pending" else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        var v = Validator()
        let role: WorkspaceRole? = rawRole == nil ? .member : v.role(rawRole)
        try v.check()
        try InvitationRule.checkGrantableByInvitation(role!)
        try GrantRule.checkGrant(actor: actorRole, grants: role!, targetCurrent: nil, ownerCount: 0)
        try DiscoveryRule.checkRequestStillValid(
            visibility: Visibility(rawValue: ws.visibility) ?? .private,
            requesterOrgRole: try await MembershipQueries.activeOrgRole(org: ws.orgID, user: row.userID, on: db))
        let requester = try await Load.user(UserID(row.userID), on: db)
        guard let org = try await Load.org(ws.orgID, on: db) else { throw DomainError.notFound("That request") }
        let brand = try await Branding.email(workspace: ws.id!, on: db)
        try await db.transaction { tx in
            // Decided once: a concurrent approval or denial that got here first wins.
            try await decide(row, status: "approved", role: role!.rawValue, by: actor, on: tx)
            _ = try await Memberships(db: tx, env: env).grantWorkspace(
                ws.value, orgName: org.name, user: requester, role: role!, actor: actor, via: "access request approved")
            try await AuditLog(db: tx, clock: env.clock).record(
                "access_request.approved", actor: actor, org: ws.orgID, workspace: ws.id,
                target: AuditLog.user(requester),
                after: role!.rawValue)
            try await Outbox.enqueue(
                Emails.accessDecided(
                    to: requester.email, workspace: ws.name, approved: true, role: role!.rawValue,
                    link: env.link(.workspace(WorkspaceID(ws.id!))), brand: brand), on: tx, now: env.clock.now())
        }
        return try await value(row, workspaceName: ws.name)
    }

    public func deny(_ id: UUID, by actor: UserID) async throws -> AccessRequest {
        let (row, ws, _) = try await decider(id, by: actor)
        guard row.status == "pending" else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        let requester = try await Load.user(UserID(row.userID), on: db)
        let brand = try await Branding.email(workspace: ws.id!, on: db)
        try await db.transaction { tx in
            try await decide(row, status: "denied", role: nil, by: actor, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "access_request.denied", actor: actor, org: ws.orgID, workspace: ws.id, target: AuditLog.user(requester)
            )
            try await Outbox.enqueue(
                Emails.accessDecided(
                    to: requester.email, workspace: ws.name, approved: false, role: nil,
                    link: env.link(.workspaces), brand: brand), on: tx, now: env.clock.now())
        }
        return try await value(row, workspaceName: ws.name)
    }

    /// Marks a pending request decided with a guarded update, so two deciders at the same moment
    /// cannot both act on it: the loser gets 409 `request_not_pending` and its transaction rolls back.
    func decide(_ row: AccessRequestRow, status: String, role: String?, by actor: UserID, on tx: any Database)
        async throws
    {
        let now = env.clock.now()
        guard
            try await AccessRequestQueries.markDecided(
                row.id!, status: status, role: role, by: actor.uuid, at: now, on: tx)
        else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        row.status = status
        row.pendingKey = nil
        row.role = role
        row.decidedBy = actor.uuid
        row.decidedAt = now
    }
}
