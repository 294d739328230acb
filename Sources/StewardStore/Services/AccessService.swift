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

    func discover(_ orgCtx: OrgContext, page: PageQuery, only workspace: UUID?) async throws
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
        let cut = try await AccessQueries.discoverableWorkspaces(
            in: orgCtx.org.id.uuid, by: orgCtx.user.id.uuid, visible: discoverable, only: workspace, page: page,
            on: db)
        var items: [DiscoveredWorkspace] = []
        for found in cut.items {
            let workspace = found.workspace
            let removed = found.hasMembership && found.membershipRemoved
            let access = WorkspaceAccessRule.access(
                membershipRole: found.hasMembership && !removed
                    ? found.membershipRole.flatMap(WorkspaceRole.init(rawValue:)) : nil,
                removed: removed, orgRole: orgCtx.role, visibility: workspace.visibility)
            guard
                let status = DiscoveryRule.status(
                    visibility: workspace.visibility, orgRole: orgCtx.role, access: access, removed: removed,
                    pendingRequest: found.requested)
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
}
