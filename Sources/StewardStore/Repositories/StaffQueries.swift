import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What the staff console reads: organisations across the whole installation, partners and their
/// clients, billing accounts, and the referral deals.
enum StaffQueries {
    /// A page of organisations by lower-cased name, then id (those whose name contains `needle`
    /// when it is not empty): the page's ids in one statement, then their rows.
    static func orgs(nameContaining needle: String, page: PageQuery, on db: any Database) async throws
        -> ListPage<OrgRow>
    {
        let sql = db as! any SQLDatabase
        var conditions: [SQLQueryString] = []
        if !needle.isEmpty {
            let escaped = needle.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            conditions.append("LOWER(o.name) LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'")
        }
        if let cursor = page.after {
            guard cursor.keys.count == 2, let id = cursor.uuid(at: 1) else { throw DomainError.badCursor }
            let name = cursor.keys[0]
            conditions.append(
                "(LOWER(o.name) > \(bind: name) OR (LOWER(o.name) = \(bind: name) AND o.id > \(bind: id)))")
        }
        var filter: SQLQueryString = ""
        for (index, condition) in conditions.enumerated() {
            filter = index == 0 ? "WHERE \(condition)" : "\(filter) AND \(condition)"
        }
        let found = try await sql.raw(
            """
            SELECT o.id AS id, LOWER(o.name) AS lname FROM orgs o \(filter)
            ORDER BY LOWER(o.name), o.id LIMIT \(literal: page.limit + 1)
            """
        ).all().map {
            (id: try $0.decode(column: "id", as: UUID.self), key: try $0.decode(column: "lname", as: String.self))
        }
        let cut = ListPage(fetched: found, limit: page.limit) { PageCursor([$0.key, $0.id.uuidString]) }
        let byID = Dictionary(
            uniqueKeysWithValues: try await OrgRow.query(on: db).filter(\.$id ~~ cut.items.map(\.id)).all().map {
                ($0.id!, $0)
            })
        return ListPage(items: cut.items.compactMap { byID[$0.id] }, next: cut.next)
    }

    /// Each organisation's pooled account, its tier and its active member count, by organisation.
    static func standing(of orgs: [UUID], on db: any Database) async throws
        -> [UUID: (pool: UUID?, tier: Tier, members: Int)]
    {
        let sql = db as! any SQLDatabase
        let counts = try await sql.raw(
            """
            SELECT o.id AS id, pool.id AS pool_id, pool.tier AS tier,
              (SELECT COUNT(*) FROM org_memberships m WHERE m.org_id = o.id AND m.removed_at IS NULL) AS members
            FROM orgs o LEFT JOIN billing_accounts pool ON pool.org_id = o.id AND pool.scope = 'org'
            WHERE o.id IN (\(binds: orgs))
            """
        ).all()
        var standing: [UUID: (pool: UUID?, tier: Tier, members: Int)] = [:]
        for row in counts {
            standing[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "pool_id", as: UUID?.self),
                Tier(rawValue: try row.decode(column: "tier", as: String?.self) ?? "") ?? .free,
                try row.decode(column: "members", as: Int.self)
            )
        }
        return standing
    }

    /// The organisations' workspaces by organisation, each by name.
    static func workspaces(of orgs: [UUID], on db: any Database) async throws -> [OrgID: [Workspace]] {
        let rows = try await WorkspaceRow.query(on: db).filter(\.$orgID ~~ orgs).sort(\.$name).all()
        return Dictionary(grouping: rows.map(\.value), by: \.orgID)
    }

    static func partnerOrgs(on db: any Database) async throws -> [OrgRow] {
        try await OrgRow.query(on: db).filter(\.$isPartner == true).sort(\.$name).all()
    }

    /// The partners' external-client workspaces by partner, each by name.
    static func clientWorkspaces(of partners: [UUID], on db: any Database) async throws -> [OrgID: [Workspace]] {
        let rows = try await WorkspaceRow.query(on: db).filter(\.$orgID ~~ partners)
            .filter(\.$kind == WorkspaceKind.externalClient.rawValue).sort(\.$name).all()
        return Dictionary(grouping: rows.map(\.value), by: \.orgID)
    }

    /// How many workspaces the billing account pays for.
    static func workspaceCount(billedTo account: UUID, on db: any Database) async throws -> Int {
        try await WorkspaceRow.query(on: db).filter(\.$billingAccountID == account).count()
    }

    /// Every referral deal, newest first.
    static func deals(on db: any Database) async throws -> [ReferralDealRow] {
        try await ReferralDealRow.query(on: db).sort(\.$createdAt, .descending).all()
    }

    /// A partner's deals, latest start first.
    static func deals(ofPartner org: UUID, on db: any Database) async throws -> [ReferralDealRow] {
        try await ReferralDealRow.query(on: db).filter(\.$partnerOrgID == org).sort(\.$startsAt, .descending).all()
    }
}
