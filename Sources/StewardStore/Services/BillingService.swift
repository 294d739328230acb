import FluentKit
import Foundation
import StewardCore

public struct BillingAccountView: Sendable {
    public var id: UUID
    /// "org" (pooled) or "workspace" (an external-client workspace's own).
    public var scope: String
    public var orgID: OrgID
    public var orgName: String
    public var tier: Tier
    public var period: BillingPeriod
    public var seats: SeatCount
    public var workspaces: [Workspace]
    public var seatPriceCents: Int
    /// May switch the period and read statements.
    public var canManage: Bool
}

/// Paid seats of a billing account in one calendar month.
public struct MonthSeats: Sendable, Equatable {
    public var month: BillingMonth
    public var seats: Int
    public init(month: BillingMonth, seats: Int) {
        self.month = month
        self.seats = seats
    }
}

/// Billing accounts, periods and monthly statements (NOTES §7).
public struct BillingService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    /// Who manages an account: for the pooled account the org's owners/admins/billing; for a
    /// workspace's own account also that workspace's owners/admins/billing.
    func mayManage(_ account: BillingAccountRow, user: UserID) async throws -> Bool {
        let orgRole = try await Load.callerOrgRole(org: account.orgID, user: user.uuid, on: db)
        if Access.can(orgRole, .manageBilling) { return true }
        guard account.scope == "workspace", let workspace = account.workspaceID,
            let ctx = try? await Load.workspaceContext(WorkspaceID(workspace), user: user, on: db)
        else { return false }
        return ctx.can(.viewInvoices)
    }

    /// Whether the person may see the account at all (managers, and anyone who may see usage in
    /// one of its workspaces); 404 otherwise.
    func load(_ id: UUID, by actor: UserID) async throws -> (BillingAccountRow, canManage: Bool) {
        guard let row = try await BillingAccountRow.find(id, on: db) else {
            throw DomainError.notFound("That billing account")
        }
        if try await mayManage(row, user: actor) { return (row, true) }
        for ws in try await BillingQueries.workspaces(billedTo: id, on: db) {
            if let ctx = try? await Load.workspaceContext(WorkspaceID(ws.id!), user: actor, on: db), ctx.can(.viewUsage)
            {
                return (row, false)
            }
        }
        throw DomainError.notFound("That billing account")
    }

    /// Seats per month for the last `months` months, this one last; for everyone who may see the
    /// account (the seat count is on its page already).
    public func seatHistory(_ id: UUID, months: Int = 12, by actor: UserID) async throws -> [MonthSeats] {
        _ = try await load(id, by: actor)
        let range = BillingMonth.last(months, endingWith: BillingMonth(containing: env.clock.now()))
        let seats = try await SeatLedger.monthlySeats(account: id, months: range, on: db)
        return zip(range, seats).map { MonthSeats(month: $0, seats: $1) }
    }

    public func account(_ id: UUID, by actor: UserID) async throws -> BillingAccountView {
        let (row, canManage) = try await load(id, by: actor)
        return try await view(row, canManage: canManage, viewer: actor)
    }

    /// `viewer`: someone who may see usage but does not manage the account; private workspaces
    /// they are not in stay out of the list (NOTES §6).
    func view(_ row: BillingAccountRow, canManage: Bool, viewer: UserID? = nil) async throws -> BillingAccountView {
        var workspaces = try await BillingQueries.workspacesByName(billedTo: row.id!, on: db)
        if !canManage, let viewer {
            let hidden = workspaces.filter { $0.visibility == Visibility.private.rawValue }.compactMap(\.id)
            let mine = try await BillingQueries.workspaces(hidden, joinedBy: viewer.uuid, on: db)
            workspaces = workspaces.filter {
                DiscoveryRule.orgViewShows(
                    Visibility(rawValue: $0.visibility) ?? .private, orgRole: nil, isMember: mine.contains($0.id!))
            }
        }
        let seats = try await AccessService(db: db, env: env).seats(
            billingAccount: row.id!, fallbackWorkspace: workspaces.first?.id ?? UUID())
        let tier = Tier(rawValue: row.tier) ?? .free
        let period = BillingPeriod(rawValue: row.period) ?? .yearly
        return BillingAccountView(
            id: row.id!, scope: row.scope, orgID: OrgID(row.orgID),
            orgName: try await OrgRow.find(row.orgID, on: db)?.name ?? "", tier: tier, period: period, seats: seats,
            workspaces: workspaces.map(\.value), seatPriceCents: Pricing.seatPriceCents(tier, period: period),
            canManage: canManage)
    }

    /// The account of a workspace, for its billing page.
    public func account(ofWorkspace id: WorkspaceID, by actor: UserID) async throws -> BillingAccountView {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        guard ctx.can(.viewUsage) || ctx.can(.viewInvoices) else {
            throw DomainError.forbidden("Your role in this workspace does not show billing.")
        }
        guard let accountID = ctx.workspace.billingAccountID?.uuid,
            let row = try await BillingAccountRow.find(accountID, on: db)
        else { throw DomainError.notFound("That billing account") }
        return try await view(row, canManage: try await mayManage(row, user: actor), viewer: actor)
    }

    public func setPeriod(_ id: UUID, period raw: String?, by actor: UserID) async throws -> BillingAccountView {
        let (row, canManage) = try await load(id, by: actor)
        guard canManage else {
            throw DomainError.forbidden("Only the account's owners, admins and billing people switch its period.")
        }
        var v = Validator()
        let period: BillingPeriod? = v.role(raw, field: "period")
        try v.check()
        if row.period != period!.rawValue {
            try await db.transaction { tx in
                let before = row.period
                row.period = period!.rawValue
                try await row.save(on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "billing.period_changed", actor: actor, org: row.orgID, workspace: row.workspaceID,
                    target: .init(type: "billing_account", id: id.uuidString.lowercased(), label: row.scope),
                    before: before, after: period!.rawValue)
            }
        }
        return try await view(row, canManage: true)
    }

    /// The statement of one month. Priced at the account's current tier and period; the discount
    /// is that of a referral deal for the account's client workspace active during the month.
    public func statement(_ id: UUID, month raw: String?, by actor: UserID) async throws -> (
        Statement, BillingAccountView
    ) {
        let (row, canManage) = try await load(id, by: actor)
        guard canManage else {
            throw DomainError.forbidden("Statements are for the account's owners, admins and billing people.")
        }
        return try await compute(row, month: raw)
    }

    func compute(_ row: BillingAccountRow, month raw: String?) async throws -> (Statement, BillingAccountView) {
        let id = row.id!
        let month: BillingMonth
        if let raw {
            guard let parsed = BillingMonth(raw) else { throw DomainError.invalid("month", "must be YYYY-MM") }
            month = parsed
        } else {
            month = BillingMonth(containing: env.clock.now())
        }
        let view = try await view(row, canManage: true)
        var discount = 0.0
        if row.scope == "workspace", let workspace = row.workspaceID {
            let deals = try await BillingQueries.referralDeals(forClient: workspace, on: db)
            discount =
                deals.filter { $0.startsAt < month.end && ($0.expiresAt.map { $0 > month.start } ?? true) }
                .map(\.discountPercent).max() ?? 0
        }
        let holders = try await SeatLedger.monthHolders(account: id, month: month, on: db)
        return (
            Metering.statement(
                seatHolders: holders.paid, freeObservers: holders.observers, month: month, tier: view.tier,
                period: view.period, discountPercent: discount),
            view
        )
    }

    public func statement(ofWorkspace id: WorkspaceID, month: String?, by actor: UserID) async throws -> (
        Statement, BillingAccountView
    ) {
        // The seeds' matrix: a workspace's owners, admins and billing see its invoices, which are
        // the statements of the account it bills to; the organisation's billing people see spend
        // across every workspace (NOTES §7), whether or not they are in it.
        let accountID: UUID?
        if let ctx = try? await Load.workspaceContext(id, user: actor, on: db), ctx.can(.viewInvoices) {
            accountID = ctx.workspace.billingAccountID?.uuid
        } else if let ws = try await WorkspaceRow.find(id.uuid, on: db),
            Access.can(try await Load.callerOrgRole(org: ws.orgID, user: actor.uuid, on: db), .viewBilling)
        {
            accountID = ws.billingAccountID
        } else {
            // Their standing decides between 403 (in it, without the right) and 404 (not in it).
            let ctx = try await Load.workspaceContext(id, user: actor, on: db)
            try ctx.require(.viewInvoices)
            accountID = nil
        }
        guard let accountID, let row = try await BillingAccountRow.find(accountID, on: db) else {
            throw DomainError.notFound("That billing account")
        }
        return try await compute(row, month: month)
    }

    /// Every account an org's billing people look after: the pool and each workspace's own.
    public func accounts(ofOrg id: OrgID, by actor: UserID) async throws -> [BillingAccountView] {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .viewBilling)
        let rows = try await BillingQueries.accounts(of: id.uuid, on: db)
        var result: [BillingAccountView] = []
        for row in rows { result.append(try await view(row, canManage: Access.can(ctx.role, .manageBilling))) }
        return result
    }
}
