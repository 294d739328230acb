import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct DiscoveredWorkspace: Sendable {
    public var workspace: Workspace
    public var org: Organisation
    public var status: DiscoveryStatus
    public var role: WorkspaceRole?
    public var access: AccessSource?
}

public struct AccessRequest: Sendable {
    public var id: UUID
    public var workspaceID: WorkspaceID
    public var workspaceName: String
    public var requester: User
    public var message: String
    public var status: String
    public var createdAt: Date
}

public struct OrgOverview: Sendable {
    public struct Member: Sendable {
        public var user: User
        public var role: OrgRole?
        /// Workspace name → role, for this person's explicit memberships in the org's workspaces.
        public var workspaceRoles: [(workspace: Workspace, role: WorkspaceRole)]
    }
    public var members: [Member]
    public var workspaces: [Workspace]
    public var accessRequests: [AccessRequest]
    public var pendingInvites: [PendingInvite]
}

/// Discovery, self-join and access requests (NOTES §6), seats (NOTES §7) and the org matrix.
public struct AccessService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    // MARK: Discovery

    /// Workspaces of an organisation this person may know about, with their status.
    /// The workspaces of an organisation this person may know of, by name, with what they can do
    /// about each (NOTES §6).
    public func discover(in orgID: OrgID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<DiscoveredWorkspace>
    {
        let orgCtx = try await Load.orgContext(orgID, user: actor, on: db)
        return try await discover(orgCtx, page: page, only: nil)
    }

    private func discover(_ orgCtx: OrgContext, page: PageQuery, only workspace: UUID?) async throws
        -> ListPage<DiscoveredWorkspace>
    {
        // Visibilities this org role may discover without a membership of its own; the rule
        // decides each row again below, this only keeps the rest out of the page.
        let discoverable = Visibility.allCases.filter { visibility in
            DiscoveryRule.status(
                visibility: visibility, orgRole: orgCtx.role,
                access: WorkspaceAccessRule.access(
                    membershipRole: nil, removed: false, orgRole: orgCtx.role, visibility: visibility),
                removed: false, pendingRequest: false) != nil
        }
        let user = orgCtx.user.id.uuid
        let sql = db as! any SQLDatabase
        let onlyOne: SQLQueryString = workspace.map { "AND w.id = \(bind: $0)" } ?? ""
        let visible: SQLQueryString =
            discoverable.isEmpty
            ? "m.id IS NOT NULL" : "(m.id IS NOT NULL OR w.visibility IN (\(binds: discoverable.map(\.rawValue))))"
        let rows = try await sql.raw(
            """
            SELECT * FROM (
              SELECT \(unsafeRaw: ContextQueries.workspaceFields), LOWER(w.name) AS lname,
                m.id AS m_id, m.role AS m_role, m.removed_at AS m_removed_at,
                CASE WHEN EXISTS (SELECT 1 FROM access_requests r WHERE r.workspace_id = w.id
                  AND r.user_id = \(bind: user) AND r.status = 'pending') THEN 1 ELSE 0 END AS requested
              FROM workspaces w
              LEFT JOIN workspace_memberships m ON m.workspace_id = w.id AND m.user_id = \(bind: user)
              WHERE w.org_id = \(bind: orgCtx.org.id.uuid) AND \(visible) \(onlyOne)
            ) found \(try NamedKeyset.after(page.after))
            ORDER BY lname ASC, w_id ASC LIMIT \(literal: page.limit + 1)
            """
        ).all()
        let cut = try NamedKeyset.cut(rows, page: page)
        var items: [DiscoveredWorkspace] = []
        for row in cut.items {
            let workspace = try ContextQueries.decodeWorkspace(row)
            let exists = try row.decode(column: "m_id", as: UUID?.self) != nil
            let removedAt = try row.decode(column: "m_removed_at", as: Date?.self)
            let removed = exists && removedAt != nil
            let access = WorkspaceAccessRule.access(
                membershipRole: exists && !removed
                    ? try row.decode(column: "m_role", as: String?.self).flatMap(WorkspaceRole.init(rawValue:)) : nil,
                removed: removed, orgRole: orgCtx.role, visibility: workspace.visibility)
            guard
                let status = DiscoveryRule.status(
                    visibility: workspace.visibility, orgRole: orgCtx.role, access: access, removed: removed,
                    pendingRequest: try row.decode(column: "requested", as: Int.self) == 1)
            else { continue }
            items.append(
                DiscoveredWorkspace(
                    workspace: workspace, org: orgCtx.org, status: status, role: access?.role, access: access?.source))
        }
        return ListPage(items: items, next: cut.next)
    }

    /// One workspace as this person discovers it; nil when they may not know it.
    public func discovered(_ id: WorkspaceID, by actor: UserID) async throws -> DiscoveredWorkspace? {
        guard let (workspace, org, status) = try? await discovery(id, by: actor) else { return nil }
        let access = try? await Load.workspaceContext(id, user: actor, on: db).access
        return DiscoveredWorkspace(
            workspace: workspace, org: org, status: status, role: access?.role, access: access?.source)
    }

    /// The discovery status of one workspace for this person; 404 when they may not know it.
    func discovery(_ id: WorkspaceID, by actor: UserID) async throws -> (Workspace, Organisation, DiscoveryStatus) {
        guard let row = try await WorkspaceRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That workspace")
        }
        let found: ListPage<DiscoveredWorkspace>
        do {
            let orgCtx = try await Load.orgContext(OrgID(row.orgID), user: actor, on: db)
            found = try await discover(orgCtx, page: PageQuery(limit: 1), only: id.uuid)
        } catch let error as DomainError where error.kind == .notFound {
            throw DomainError.notFound("That workspace")
        }
        guard let item = found.items.first else { throw DomainError.notFound("That workspace") }
        return (item.workspace, item.org, item.status)
    }

    /// Joining on one's own where visibility allows: org admins in open and invite-only
    /// workspaces, the org owner anywhere (NOTES §6).
    public func join(_ id: WorkspaceID, by actor: UserID) async throws -> WorkspaceContext {
        let (workspace, org, status) = try await discovery(id, by: actor)
        switch status {
        case .member:
            // Present through the organisation: joining makes it an explicit membership.
            let ctx = try await Load.workspaceContext(id, user: actor, on: db)
            if ctx.access.source == .membership { return ctx }
        case .canJoin: break
        case .canRequest, .requested:
            throw DomainError(
                .forbidden, code: "join_not_allowed",
                detail: "You can't join this workspace yourself. Ask for access and an admin will let you in.")
        }
        let user = try await Load.user(actor, on: db)
        try await db.transaction { tx in
            _ = try await Memberships(db: tx, env: env).grantWorkspace(
                workspace, orgName: org.name, user: user, role: DiscoveryRule.selfJoinRole, actor: actor,
                via: "joined by themselves")
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.self_joined", actor: actor, org: org.id.uuid, workspace: id.uuid,
                target: AuditLog.user(user), after: DiscoveryRule.selfJoinRole.rawValue)
        }
        return try await Load.workspaceContext(id, user: actor, on: db)
    }

    // MARK: Access requests

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
        let key = "\(id):\(actor)"
        if let existing = try await AccessRequestRow.query(on: db).filter(\.$pendingKey == key).first() {
            return (try await value(existing, workspaceName: workspace.name), false)
        }
        let user = try await Load.user(actor, on: db)
        let row = AccessRequestRow()
        row.orgID = org.id.uuid
        row.workspaceID = id.uuid
        row.userID = actor.uuid
        row.message = message
        row.status = "pending"
        row.pendingKey = key
        row.createdAt = env.clock.now()
        let notify = try await approvers(workspace).filter { $0.id != user.id }
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
                            link: "\(env.baseURL)/w/\(id)/members#access-requests"), on: tx, now: env.clock.now())
                }
            }
        } catch  where error.isConstraintViolation {
            guard let existing = try await AccessRequestRow.query(on: db).filter(\.$pendingKey == key).first() else {
                throw error
            }
            return (try await value(existing, workspaceName: workspace.name), false)
        }
        return (try await value(row, workspaceName: workspace.name), true)
    }

    /// Workspace owners/admins, who are told about new requests.
    private func approvers(_ workspace: Workspace) async throws -> [UserRow] {
        let rows = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace.id.uuid)
            .filter(\.$removedAt == nil).all()
            .filter { Access.can(WorkspaceRole(rawValue: $0.role), .manageMembers) }
        guard !rows.isEmpty else { return [] }
        return try await UserRow.query(on: db).filter(\.$id ~~ rows.map(\.userID)).all()
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
        let rows = try await AccessRequestRow.query(on: db)
            .join(UserRow.self, on: \AccessRequestRow.$userID == \UserRow.$id)
            .filter(\.$workspaceID == id.uuid).filter(\.$status == "pending")
            .page(page, by: "created_at", descending: false).all()
        return try ListPage(rows: rows, request: page) { row in
            AccessRequest(
                id: row.id!, workspaceID: WorkspaceID(row.workspaceID), workspaceName: ctx.workspace.name,
                requester: try row.joined(UserRow.self).value, message: row.message, status: row.status,
                createdAt: row.createdAt)
        }
    }

    /// Who may decide a request: the workspace's owners/admins, or its org's owners/admins.
    private func decider(_ id: UUID, by actor: UserID) async throws -> (AccessRequestRow, WorkspaceRow, WorkspaceRole) {
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
            requesterOrgRole: try await Load.activeOrgRole(org: ws.orgID, user: row.userID, on: db))
        let requester = try await Load.user(UserID(row.userID), on: db)
        guard let org = try await Load.org(ws.orgID, on: db) else { throw DomainError.notFound("That request") }
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
                    link: "\(env.baseURL)/w/\(WorkspaceID(ws.id!))"), on: tx, now: env.clock.now())
        }
        return try await value(row, workspaceName: ws.name)
    }

    public func deny(_ id: UUID, by actor: UserID) async throws -> AccessRequest {
        let (row, ws, _) = try await decider(id, by: actor)
        guard row.status == "pending" else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        let requester = try await Load.user(UserID(row.userID), on: db)
        try await db.transaction { tx in
            try await decide(row, status: "denied", role: nil, by: actor, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "access_request.denied", actor: actor, org: ws.orgID, workspace: ws.id, target: AuditLog.user(requester)
            )
            try await Outbox.enqueue(
                Emails.accessDecided(
                    to: requester.email, workspace: ws.name, approved: false, role: nil,
                    link: "\(env.baseURL)/workspaces"), on: tx, now: env.clock.now())
        }
        return try await value(row, workspaceName: ws.name)
    }

    /// Marks a pending request decided with a guarded update, so two deciders at the same moment
    /// cannot both act on it: the loser gets 409 `request_not_pending` and its transaction rolls back.
    private func decide(_ row: AccessRequestRow, status: String, role: String?, by actor: UserID, on tx: any Database)
        async throws
    {
        let now = env.clock.now()
        let sql = tx as! any SQLDatabase
        let decided = try await sql.raw(
            """
            UPDATE access_requests SET status = \(bind: status), pending_key = NULL, role = \(bind: role),
              decided_by = \(bind: actor.uuid), decided_at = \(bind: now)
            WHERE id = \(bind: row.id!) AND status = 'pending' RETURNING id
            """
        ).all()
        guard !decided.isEmpty else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        row.status = status
        row.pendingKey = nil
        row.role = role
        row.decidedBy = actor.uuid
        row.decidedAt = now
    }

    // MARK: Seats

    /// Seats of the workspace's billing account; visible to whoever may see usage or manage people.
    public func seats(_ id: WorkspaceID, by actor: UserID) async throws -> SeatCount {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        guard ctx.can(.viewUsage) || ctx.can(.manageMembers) else {
            throw DomainError.forbidden("Your role in this workspace does not show seats.")
        }
        return try await seats(billingAccount: ctx.workspace.billingAccountID?.uuid, fallbackWorkspace: id.uuid)
    }

    func seats(billingAccount: UUID?, fallbackWorkspace: UUID) async throws -> SeatCount {
        if let billingAccount {
            return try await SeatHolders.count(account: billingAccount, now: env.clock.now(), on: db)
        }
        let workspaces = [fallbackWorkspace]
        let memberships = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID ~~ workspaces)
            .filter(\.$removedAt == nil).all()
        let users = try await OrgService(db: db, env: env).usersByID(Array(Set(memberships.map(\.userID))))
        let holders = memberships.compactMap { m -> SeatCount.Holder? in
            guard let role = WorkspaceRole(rawValue: m.role), let user = users[m.userID] else { return nil }
            return .init(person: m.userID.uuidString, email: user.email, role: role)
        }
        let now = env.clock.now()
        let invites = try await InviteRow.query(on: db).filter(\.$workspaceID ~~ workspaces)
            .filter(\.$state == EmailInviteState.pending.rawValue).filter(\.$expiresAt > now).all()
        return SeatCount.count(
            holders: holders,
            pendingInvites: invites.compactMap { row in
                WorkspaceRole(rawValue: row.role).map { .init(email: row.email, role: $0) }
            })
    }
}
