import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Invite links: creating, listing and switching them off.
extension InviteService {
    public func createLink(
        in id: WorkspaceID, role rawRole: String?, expiresInDays: Int?, maxUses: Int?, by actor: UserID
    ) async throws -> InviteLink {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        var v = Validator()
        let role: WorkspaceRole? = v.role(rawRole)
        try v.check()
        let days = try LinkInviteRule.validate(role: role!, expiresInDays: expiresInDays, maxUses: maxUses)
        try GrantRule.checkGrant(actor: ctx.role, grants: role!, targetCurrent: nil, ownerCount: 0)
        if role! == .observer {
            try OutsideRoleRule.checkWorkspaceRole(
                .observer, current: nil, isOrgMember: false, kind: ctx.workspace.kind)
        }
        let token = env.tokens.newToken()
        let now = env.clock.now()
        let row = InviteLinkRow()
        row.orgID = ctx.org.id.uuid
        row.workspaceID = id.uuid
        row.role = role!.rawValue
        row.tokenHash = env.tokens.digest(token)
        row.createdBy = actor.uuid
        row.createdAt = now
        row.expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
        row.maxUses = maxUses
        row.uses = 0
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite_link.created", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                target: .init(type: "invite_link", id: row.id!.uuidString.lowercased(), label: role!.rawValue),
                after: "\(role!.rawValue), \(days) days" + (maxUses.map { ", at most \($0) uses" } ?? ""))
        }
        var link = try await linkView(row, creator: ctx.user)
        link.url = env.link(.invitation(token: token))
        return link
    }

    /// Live links, newest first. The page is cut before links that expired, ran out of uses or
    /// whose creator may no longer grant their role are left out, so a page can hold fewer.
    public func links(in id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<InviteLink>
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        let rows = try await InviteLinkQueries.unrevokedLinks(in: id.uuid, page: page, on: db)
        let creators = try await Grantors.load(Set(rows.map(\.createdBy)), in: .workspace(ctx), on: db)
        let cut = ListPage(rows: rows, request: page) { row in
            let creator = creators[row.createdBy]
            return linkView(row, creator: creator?.user, creatorMayGrant: creator?.mayGrant(row.role) ?? false)
        }
        return ListPage(items: cut.items.filter { $0.status == .pending }, next: cut.next)
    }

    func linkView(_ row: InviteLinkRow, creator: User?) async throws -> InviteLink {
        linkView(
            row, creator: creator,
            creatorMayGrant: try await mayGrant(
                user: UserID(row.createdBy), role: row.role, org: row.orgID, workspace: row.workspaceID))
    }

    func linkView(_ row: InviteLinkRow, creator: User?, creatorMayGrant: Bool) -> InviteLink {
        let status = InvitationRule.linkStatus(
            revoked: row.revokedAt != nil, expiresAt: row.expiresAt, now: env.clock.now(), uses: row.uses,
            maxUses: row.maxUses, creatorMayGrant: creatorMayGrant)
        return InviteLink(
            id: row.id!, workspaceID: WorkspaceID(row.workspaceID), role: WorkspaceRole(rawValue: row.role) ?? .member,
            expiresAt: row.expiresAt, maxUses: row.maxUses, uses: row.uses, createdBy: creator, status: status,
            url: nil)
    }

    public func revokeLink(_ id: UUID, by actor: UserID) async throws {
        guard let row = try await InviteLinkRow.find(id, on: db) else { throw DomainError.notFound("That link") }
        let ctx: WorkspaceContext
        do {
            ctx = try await Load.workspaceContext(WorkspaceID(row.workspaceID), user: actor, on: db)
        } catch let error as DomainError where error.kind == .notFound {
            throw DomainError.notFound("That link")
        }
        try ctx.require(.manageMembers)
        guard row.revokedAt == nil else { return }
        try await db.transaction { tx in
            row.revokedAt = env.clock.now()
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite_link.revoked", actor: actor, org: row.orgID, workspace: row.workspaceID,
                target: .init(type: "invite_link", id: row.id!.uuidString.lowercased(), label: row.role))
        }
    }
}
