import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct UpgradeRequest: Sendable {
    public var id: UUID
    public var orgID: OrgID
    public var billingAccountID: UUID
    public var kind: String
    public var requestedTier: Tier?
    public var workspaceName: String?
    public var message: String
    public var requester: User
    public var status: String
    public var createdAt: Date
    public var createdWorkspaceID: WorkspaceID?

    /// "the Changemaker plan" or "a new workspace “Name”".
    public var summary: String {
        kind == "tier" ? "the \(requestedTier?.displayName ?? "") plan" : "a new workspace “\(workspaceName ?? "")”"
    }
}

/// Upgrade requests: members ask for a higher tier or a new workspace; the account's managers
/// (or staff) approve or deny; both sides are told (issue: billing).
extension BillingService {
    static let unknownAccount = DomainError(
        .unprocessable, code: "billing_account_unknown",
        detail: "That billing account is not one of this organisation's, or you can't see it.",
        fieldErrors: [.init(field: "billingAccountId", message: "is not an account of this organisation you can see")])

    public func requestUpgrade(
        in orgID: OrgID, kind: String?, requestedTier: String?, workspaceName: String?, billingAccountID: String?,
        message: String?, by actor: UserID
    ) async throws -> (UpgradeRequest, created: Bool) {
        let ctx = try await Load.orgContext(orgID, user: actor, on: db)
        var v = Validator()
        let message = v.optionalText(message, field: "message", max: 1000)
        var tier: Tier?
        var name: String?
        switch kind {
        case "tier": tier = v.role(requestedTier, field: "requestedTier")
        case "workspace": name = v.name(workspaceName, field: "workspaceName")
        default: v.fail("kind", "must be one of: tier, workspace")
        }
        try v.check()
        // An account id in the body that is not one of this organisation's (or belongs to a
        // workspace the person is not in) is refused alike, saying nothing about what exists. Not a
        // 404: that would read as "this organisation is gone".
        let account: BillingAccountRow
        if let raw = billingAccountID {
            guard let id = UUID(uuidString: raw), let row = try await BillingAccountRow.find(id, on: db),
                row.orgID == orgID.uuid
            else { throw Self.unknownAccount }
            // A new workspace bills to the organisation's own account (a workspace-scoped account
            // belongs to its one workspace).
            if name != nil, row.scope == "workspace" {
                throw DomainError(
                    .unprocessable, code: "new_workspace_bills_to_org",
                    detail: "A new workspace bills to the organisation's account; leave the billing account out.",
                    fieldErrors: [
                        .init(field: "billingAccountId", message: "must be an organisation account for a new workspace")
                    ])
            }
            if row.scope == "workspace", let ws = row.workspaceID,
                (try? await Load.workspaceContext(WorkspaceID(ws), user: actor, on: db)) == nil
            {
                throw Self.unknownAccount
            }
            account = row
        } else {
            guard let pooled = try await Load.pooledAccount(org: orgID.uuid, on: db) else {
                throw DomainError.notFound("That billing account")
            }
            account = pooled
        }
        if let tier, let current = Tier(rawValue: account.tier), tier <= current {
            throw DomainError(
                .unprocessable, code: "tier_not_above_current",
                detail: "The account is already on the \(current.displayName) plan; ask for a higher one.",
                fieldErrors: [
                    .init(field: "requestedTier", message: "must be above the current \(current.displayName) plan")
                ])
        }
        if let existing = try await UpgradeRequestQueries.pendingRequest(
            by: actor.uuid, account: account.id!, kind: kind!, on: db)
        {
            return (try await value(existing), false)
        }
        let requester = try await Load.user(actor, on: db)
        let row = UpgradeRequestRow()
        row.orgID = orgID.uuid
        row.billingAccountID = account.id!
        row.kind = kind!
        row.requestedTier = tier?.rawValue
        row.workspaceName = name
        row.message = message
        row.requestedBy = actor.uuid
        row.status = "pending"
        row.createdAt = env.clock.now()
        let deciders = try await managers(of: account)
        try await db.transaction { tx in
            try await row.create(on: tx)
            let request = try await value(row, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "billing.upgrade_requested", actor: actor, org: orgID.uuid, workspace: account.workspaceID,
                target: .init(type: "upgrade_request", id: row.id!.uuidString.lowercased(), label: request.summary),
                after: message.isEmpty ? nil : message)
            for person in deciders where person.id != requester.id {
                try await Outbox.enqueue(
                    Emails.upgradeRequested(
                        to: person.email, requester: requester.name, what: request.summary, organisation: ctx.org.name,
                        link: env.link(.orgBilling(orgID))), on: tx, now: env.clock.now())
            }
        }
        return (try await value(row), true)
    }

    /// People who manage an account: the org's owners/admins/billing, and for a workspace's own
    /// account that workspace's owners/admins/billing too.
    func managers(of account: BillingAccountRow) async throws -> [UserRow] {
        var ids = try await MembershipQueries.activeOrgMemberships(of: account.orgID, on: db)
            .filter { Access.can(OrgRole(rawValue: $0.role), .manageBilling) }.map(\.userID)
        if account.scope == "workspace", let ws = account.workspaceID {
            ids += try await MembershipQueries.activeWorkspaceMemberships(of: ws, on: db)
                .filter { Access.can(WorkspaceRole(rawValue: $0.role), .viewInvoices) }.map(\.userID)
        }
        guard !ids.isEmpty else { return [] }
        return try await UserRow.query(on: db).filter(\.$id ~~ Array(Set(ids))).all()
    }

    func value(_ row: UpgradeRequestRow, on database: (any Database)? = nil) async throws -> UpgradeRequest {
        let requester = try await Load.user(UserID(row.requestedBy), on: database ?? db)
        return UpgradeRequest(
            id: row.id!, orgID: OrgID(row.orgID), billingAccountID: row.billingAccountID, kind: row.kind,
            requestedTier: row.requestedTier.flatMap(Tier.init(rawValue:)), workspaceName: row.workspaceName,
            message: row.message, requester: requester.value, status: row.status, createdAt: row.createdAt,
            createdWorkspaceID: row.createdWorkspaceID.map(WorkspaceID.init))
    }

    /// Pending requests of an organisation for its billing people; one's own requests otherwise.
    public func upgradeRequests(in orgID: OrgID, by actor: UserID) async throws -> [UpgradeRequest] {
        let ctx = try await Load.orgContext(orgID, user: actor, on: db)
        let rows: [UpgradeRequestRow]
        if Access.can(ctx.role, .manageBilling) {
            rows = try await UpgradeRequestQueries.pendingRequests(in: orgID.uuid, on: db)
        } else {
            rows = try await UpgradeRequestQueries.requests(in: orgID.uuid, by: actor.uuid, on: db)
        }
        var result: [UpgradeRequest] = []
        for row in rows { result.append(try await value(row)) }
        return result
    }

    /// Approves or denies. A tier request approved sets the account's tier; a workspace request
    /// approved creates it with the requester as owner (which needs an org owner/admin, or staff).
    public func decideUpgrade(_ id: UUID, approve: Bool, by actor: UserID) async throws -> UpgradeRequest {
        guard let row = try await UpgradeRequestRow.find(id, on: db),
            let account = try await BillingAccountRow.find(row.billingAccountID, on: db)
        else { throw DomainError.notFound("That request") }
        let isStaff = try await UserRow.find(actor.uuid, on: db)?.isStaff ?? false
        let manages = try await mayManage(account, user: actor)
        guard isStaff || manages else { throw DomainError.notFound("That request") }
        guard row.status == "pending" else {
            throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
        }
        if approve && !isStaff && row.requestedBy == actor.uuid {
            // An upgrade costs the organisation money: another manager (or staff) approves it.
            throw DomainError.forbidden(
                "You can't approve your own upgrade request: another owner, admin or billing person of the account "
                    + "(or Steward staff) decides it.", code: "own_request")
        }
        if approve && row.kind == "workspace" && !isStaff {
            let orgRole = try await Load.callerOrgRole(org: row.orgID, user: actor.uuid, on: db)
            try Access.require(orgRole, .createWorkspaces)
        }
        let requester = try await Load.user(UserID(row.requestedBy), on: db)
        let now = env.clock.now()
        let summary = try await value(row).summary
        try await db.transaction { tx in
            let log = AuditLog(db: tx, clock: env.clock)
            if approve, row.kind == "tier", let tier = row.requestedTier, tier != account.tier {
                let before = account.tier
                account.tier = tier
                try await account.save(on: tx)
                try await log.record(
                    "billing.tier_changed", actor: actor, org: account.orgID, workspace: account.workspaceID,
                    target: .init(
                        type: "billing_account", id: account.id!.uuidString.lowercased(), label: account.scope),
                    before: before, after: "\(tier) — upgrade request of \(requester.email) approved")
            }
            if approve, row.kind == "workspace", let name = row.workspaceName {
                let ws = WorkspaceRow()
                ws.orgID = row.orgID
                ws.name = name
                ws.kind = WorkspaceKind.internal.rawValue
                ws.visibility = Visibility.open.rawValue
                ws.billingAccountID =
                    account.scope == "org" ? account.id : try await Load.pooledAccount(org: row.orgID, on: tx)?.id
                ws.createdAt = now
                try await ws.create(on: tx)
                let owner = WorkspaceMemberRow()
                owner.workspaceID = ws.id!
                owner.userID = requester.id!
                owner.role = WorkspaceRole.owner.rawValue
                owner.createdAt = now
                try await owner.create(on: tx)
                try await SeatLedger(db: tx, now: now).changed(workspace: ws.id!, user: requester.id!, to: .owner)
                row.createdWorkspaceID = ws.id
                try await log.record(
                    "workspace.created", actor: actor, org: row.orgID, workspace: ws.id,
                    target: .init(type: "workspace", id: ws.id!.uuidString.lowercased(), label: name),
                    after: "\(name) (open), owner \(requester.email), from an upgrade request")
            }
            // Decided once: a guarded update, so a concurrent decision makes this one roll back.
            guard
                try await UpgradeRequestQueries.recordDecision(
                    id, approved: approve, by: actor.uuid, at: now, createdWorkspace: row.createdWorkspaceID, on: tx)
            else {
                throw DomainError(.conflict, code: "request_not_pending", detail: "This request was already decided.")
            }
            row.status = approve ? "approved" : "denied"
            row.decidedBy = actor.uuid
            row.decidedAt = now
            try await log.record(
                approve ? "billing.upgrade_approved" : "billing.upgrade_denied", actor: actor, org: row.orgID,
                workspace: account.workspaceID,
                target: .init(type: "upgrade_request", id: id.uuidString.lowercased(), label: summary),
                after: requester.email)
            let link =
                row.createdWorkspaceID.map { env.link(.workspace(WorkspaceID($0))) } ?? env.link(.workspaces)
            try await Outbox.enqueue(
                Emails.upgradeDecided(to: requester.email, what: summary, approved: approve, link: link), on: tx,
                now: now)
        }
        return try await value(row)
    }
}
