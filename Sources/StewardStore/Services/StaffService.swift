import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct StaffOrg: Sendable {
    public var org: Organisation
    public var partnerSetBy: User?
    public var partnerSetAt: Date?
    public var tier: Tier
    public var members: Int
    public var workspaces: [Workspace]
}

public struct PartnerChoice: Sendable {
    public var org: Organisation
    public var clientWorkspaces: [Workspace]
}

public struct ReferralDeal: Sendable {
    public var id: UUID
    public var partnerOrgID: OrgID
    public var partnerOrgName: String
    public var clientWorkspaceID: WorkspaceID
    public var clientWorkspaceName: String
    public var kickbackPercent: Double
    public var discountPercent: Double
    public var kickbackCapEur: Double?
    public var startsAt: Date
    public var expiresAt: Date?
    public var notes: String
    public var isActive: Bool
}

public struct ReferralDealFields: Sendable {
    public var partnerOrgID: String?
    public var clientWorkspaceID: String?
    public var kickbackPercent: Double?
    public var discountPercent: Double?
    public var kickbackCapEur: Double?
    public var startsAt: Date?
    public var expiresAt: Date?
    public var notes: String?
    public init(
        partnerOrgID: String?, clientWorkspaceID: String?, kickbackPercent: Double?, discountPercent: Double?,
        kickbackCapEur: Double?, startsAt: Date?, expiresAt: Date?, notes: String?
    ) {
        self.partnerOrgID = partnerOrgID
        self.clientWorkspaceID = clientWorkspaceID
        self.kickbackPercent = kickbackPercent
        self.discountPercent = discountPercent
        self.kickbackCapEur = kickbackCapEur
        self.startsAt = startsAt
        self.expiresAt = expiresAt
        self.notes = notes
    }
}

/// The staff console (NOTES §2, §8). Staff is a flag on the account, not a role: it opens this
/// console and nothing else — no content. Everyone else gets 404 here.
public struct StaffService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    @discardableResult
    func requireStaff(_ actor: UserID) async throws -> UserRow {
        guard let user = try await UserRow.find(actor.uuid, on: db), user.isStaff else {
            throw DomainError.notFound("That page")
        }
        return user
    }

    public func isStaff(_ actor: UserID) async throws -> Bool {
        try await UserRow.find(actor.uuid, on: db)?.isStaff ?? false
    }

    /// Organisations by name (optionally those whose name contains `query`), with their pooled
    /// tier, member count and workspaces, in three statements for the whole page.
    public func orgs(matching query: String?, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<StaffOrg>
    {
        try await requireStaff(actor)
        let needle = (query ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let found = try await StaffQueries.orgs(nameContaining: needle, page: page, on: db)
        return ListPage(items: try await staffOrgs(found.items), next: found.next)
    }

    /// Staff views of these organisations: the setters, pooled accounts, member counts and
    /// workspaces of all of them read together.
    func staffOrgs(_ rows: [OrgRow]) async throws -> [StaffOrg] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.compactMap(\.id)
        let standing = try await StaffQueries.standing(of: ids, on: db)
        let setters = try await Load.users(Array(Set(rows.compactMap(\.partnerSetBy))), on: db)
        let workspaces = try await StaffQueries.workspaces(of: ids, on: db)
        return rows.map { row in
            let s = standing[row.id!]
            return StaffOrg(
                org: row.value(billingAccountID: s?.pool), partnerSetBy: row.partnerSetBy.flatMap { setters[$0] },
                partnerSetAt: row.partnerSetAt, tier: s?.tier ?? .free, members: s?.members ?? 0,
                workspaces: workspaces[OrgID(row.id!)] ?? [])
        }
    }

    func staffOrg(_ row: OrgRow) async throws -> StaffOrg {
        try await staffOrgs([row])[0]
    }

    /// Partner organisations by name with their external-client workspaces (the deal form's
    /// choices), in two statements.
    public func partners(by actor: UserID) async throws -> [PartnerChoice] {
        try await requireStaff(actor)
        let orgs = try await StaffQueries.partnerOrgs(on: db)
        let clients = try await StaffQueries.clientWorkspaces(of: orgs.compactMap(\.id), on: db)
        return orgs.map {
            PartnerChoice(org: $0.value(billingAccountID: nil), clientWorkspaces: clients[OrgID($0.id!)] ?? [])
        }
    }

    /// One workspace as staff see it (its data-owner fields, not its content).
    public func workspace(_ id: WorkspaceID, by actor: UserID) async throws -> Workspace {
        try await requireStaff(actor)
        guard let row = try await WorkspaceRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That workspace")
        }
        return row.value
    }

    public func org(_ id: OrgID, by actor: UserID) async throws -> StaffOrg {
        try await requireStaff(actor)
        guard let row = try await OrgRow.find(id.uuid, on: db) else { throw DomainError.notFound("That organisation") }
        return try await staffOrg(row)
    }

    public func setPartner(_ id: OrgID, isPartner: Bool?, by actor: UserID) async throws -> StaffOrg {
        try await requireStaff(actor)
        guard let isPartner else { throw DomainError.invalid("isPartner", "is required") }
        guard let row = try await OrgRow.find(id.uuid, on: db) else { throw DomainError.notFound("That organisation") }
        if row.isPartner != isPartner {
            try await db.transaction { tx in
                let before = row.isPartner
                row.isPartner = isPartner
                row.partnerSetBy = actor.uuid
                row.partnerSetAt = env.clock.now()
                try await row.save(on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "org.partner_flag_changed", actor: actor, org: id.uuid, workspace: nil,
                    target: .init(type: "org", id: id.description, label: row.name),
                    before: before ? "partner" : "not partner",
                    after: isPartner ? "partner" : "not partner")
            }
        }
        return try await staffOrg(row)
    }

    /// Staff change a billing account's tier, with a reason. A pooled account changes the tier of
    /// every internal workspace of the organisation at once.
    public func setTier(_ accountID: UUID, tier rawTier: String?, reason: String?, by actor: UserID) async throws -> (
        tier: Tier, workspaces: Int
    ) {
        try await requireStaff(actor)
        var v = Validator()
        let tier: Tier? = v.role(rawTier, field: "tier")
        let reason = v.requiredText(reason, field: "reason", max: 500)
        try v.check()
        guard let account = try await BillingAccountRow.find(accountID, on: db) else {
            throw DomainError.notFound("That billing account")
        }
        let affected = try await StaffQueries.workspaceCount(billedTo: accountID, on: db)
        if account.tier != tier!.rawValue {
            try await db.transaction { tx in
                let before = account.tier
                account.tier = tier!.rawValue
                try await account.save(on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "billing.tier_changed", actor: actor, org: account.orgID, workspace: account.workspaceID,
                    target: .init(type: "billing_account", id: accountID.uuidString.lowercased(), label: account.scope),
                    before: before, after: "\(tier!.rawValue) — \(reason)")
            }
        }
        return (tier!, affected)
    }

    /// Any audit log: everything, or one organisation's or workspace's.
    public func audit(org: UUID?, workspace: UUID?, limit: Int, before cursor: Int?, by actor: UserID) async throws
        -> [AuditEvent]
    {
        try await requireStaff(actor)
        return try await AuditLog.events(on: db, org: org, workspace: workspace, limit: limit, before: cursor)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
