import FluentKit
import Foundation
import StewardCore

/// A workspace as it appears in someone's list.
public struct MyWorkspace: Sendable {
    public var workspace: Workspace
    public var org: Organisation
    public var access: WorkspaceAccess
}

public struct WorkspaceService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var audit: AuditLog { AuditLog(db: db, clock: env.clock) }

    /// Creates a workspace in an organisation; the creator becomes its owner.
    public func create(
        in orgID: OrgID, name: String?, visibility rawVisibility: String?, externalClient: ExternalClientFields?,
        by actor: UserID
    ) async throws -> WorkspaceContext {
        if let externalClient {
            return try await PartnerService(db: db, env: env).createExternalClientWorkspace(
                in: orgID, name: name, visibility: rawVisibility, client: externalClient, by: actor)
        }
        let orgCtx = try await Load.orgContext(orgID, user: actor, on: db)
        try Access.require(orgCtx.role, .createWorkspaces)
        var v = Validator()
        let name = v.name(name, field: "name")
        var visibility = Visibility.open
        if let rawVisibility {
            if let parsed = Visibility(rawValue: rawVisibility) {
                visibility = parsed
            } else {
                v.fail("visibility", "must be one of: open, inviteOnly, private")
            }
        }
        try v.check()
        if visibility.needsRestrictVisibility {
            try Access.require(.owner, .restrictVisibility, tier: orgCtx.tier)
        }
        let chosenVisibility = visibility
        let now = env.clock.now()
        let id = try await db.transaction { tx in
            let row = WorkspaceRow()
            row.orgID = orgID.uuid
            row.name = name
            row.kind = WorkspaceKind.internal.rawValue
            row.visibility = chosenVisibility.rawValue
            row.billingAccountID = orgCtx.org.billingAccountID?.uuid
            row.createdAt = now
            try await row.create(on: tx)
            let membership = WorkspaceMemberRow()
            membership.workspaceID = row.id!
            membership.userID = actor.uuid
            membership.role = WorkspaceRole.owner.rawValue
            membership.createdAt = now
            try await membership.create(on: tx)
            try await SeatLedger(db: tx, now: now).changed(workspace: row.id!, user: actor.uuid, to: .owner)
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.created", actor: actor, org: orgID.uuid, workspace: row.id,
                target: .init(type: "workspace", id: row.id!.uuidString.lowercased(), label: name),
                after: "\(name) (\(chosenVisibility.rawValue))")
            return WorkspaceID(row.id!)
        }
        return try await context(id, user: actor)
    }

    public func context(_ id: WorkspaceID, user: UserID) async throws -> WorkspaceContext {
        try await Load.workspaceContext(id, user: user, on: db)
    }

    /// Every workspace the user can reach: their own memberships plus those their org role
    /// oversees, by organisation, then workspace name.
    ///
    /// Organisation by organisation, so each step walks one organisation's workspaces in name
    /// order on an index and stops once the page is full, however many workspaces it has: one
    /// statement for the organisations, one for each organisation the page reaches.
    public func mine(_ user: UserID, page: PageQuery = .first) async throws -> ListPage<MyWorkspace> {
        var start: (org: String, orgID: UUID, name: String, id: UUID)?
        if let cursor = page.after {
            guard cursor.keys.count == 4, let orgID = cursor.uuid(at: 1), let id = cursor.uuid(at: 3) else {
                throw DomainError.badCursor
            }
            start = (cursor.keys[0], orgID, cursor.keys[2], id)
        }
        let orgs = try await WorkspaceQueries.orgsReached(
            by: user.uuid, from: start.map { (name: $0.org, id: $0.orgID) }, on: db)
        var found: [(item: MyWorkspace, cursor: PageCursor)] = []
        for reached in orgs {
            guard found.count <= page.limit else { break }
            let orgID = reached.org.id.uuid
            let orgRole = reached.role
            // Visibilities this org role reaches without a membership of its own (the rule decides
            // each row again below; this only keeps the rest out of the walk).
            let overseen = Visibility.allCases.filter {
                WorkspaceAccessRule.access(membershipRole: nil, removed: false, orgRole: orgRole, visibility: $0) != nil
            }
            var position = start.flatMap { $0.orgID == orgID ? (name: $0.name, id: $0.id) : nil }
            // The rule below agrees with the walk's reach, so a walk rarely skips a row; when it does,
            // the walk goes on in this organisation until the page is full or the organisation ends.
            while found.count <= page.limit {
                let wanted = page.limit + 1 - found.count
                let rows = try await WorkspaceQueries.workspacesReached(
                    by: user.uuid, in: orgID, overseeing: overseen, after: position, limit: wanted, on: db)
                for row in rows {
                    let workspace = row.workspace
                    position = (row.sortName, workspace.id.uuid)
                    let exists = row.hasMembership
                    let removed = row.membershipRemoved
                    guard
                        let access = WorkspaceAccessRule.access(
                            membershipRole: exists && !removed
                                ? row.membershipRole.flatMap(WorkspaceRole.init(rawValue:)) : nil,
                            removed: exists && removed, orgRole: orgRole, visibility: workspace.visibility)
                    else { continue }
                    let cursor = PageCursor(
                        [reached.sortName, orgID.uuidString, row.sortName, workspace.id.uuid.uuidString])
                    found.append((MyWorkspace(workspace: workspace, org: reached.org, access: access), cursor))
                }
                if rows.count < wanted { break }
            }
        }
        return ListPage(
            items: found.prefix(page.limit).map(\.item),
            next: found.count > page.limit ? found[page.limit - 1].cursor : nil)
    }

    public func update(_ id: WorkspaceID, name: String?, visibility rawVisibility: String?, by actor: UserID)
        async throws -> WorkspaceContext
    {
        let ctx = try await context(id, user: actor)
        try ctx.require(.changeSettings)
        var v = Validator()
        let newName = name.map { v.name($0, field: "name") }
        var visibility: Visibility?
        if let rawVisibility {
            visibility = Visibility(rawValue: rawVisibility)
            if visibility == nil { v.fail("visibility", "must be one of: open, inviteOnly, private") }
        }
        try v.check()
        if let visibility, Visibility.changeNeedsTier(from: ctx.workspace.visibility, to: visibility) {
            try ctx.require(.restrictVisibility)
        }
        let newVisibility = visibility
        try await db.transaction { tx in
            let log = AuditLog(db: tx, clock: env.clock)
            let target = AuditLog.Target(type: "workspace", id: id.description, label: newName ?? ctx.workspace.name)
            if let newName, newName != ctx.workspace.name {
                try await WorkspaceQueries.rename(id, to: newName, on: tx)
                try await log.record(
                    "workspace.renamed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid, target: target,
                    before: ctx.workspace.name, after: newName)
            }
            if let visibility = newVisibility, visibility != ctx.workspace.visibility {
                try await WorkspaceQueries.setVisibility(visibility, of: id, on: tx)
                try await log.record(
                    "workspace.visibility_changed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                    target: target, before: ctx.workspace.visibility.rawValue, after: visibility.rawValue)
            }
        }
        return try await context(id, user: actor)
    }

    public func audit(_ id: WorkspaceID, by actor: UserID, limit: Int, before cursor: Int?) async throws
        -> [AuditEvent]
    {
        let ctx = try await context(id, user: actor)
        try ctx.require(.viewAudit)
        return try await AuditLog.events(on: db, workspace: id.uuid, limit: limit, before: cursor)
    }
}
