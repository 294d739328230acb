import StewardCore
import StewardStore
import Vapor

/// Billing pages (NOTES §7): a workspace's billing account and usage, the monthly statement with
/// its CSV and printable invoice, the period switch, and the organisation's accounts. Access is
/// the service's: the page only hides what the service would refuse.
struct BillingWebController {
    func register(signedIn app: any RoutesBuilder) {
        app.on(.workspaceBilling, use: workspaceBillingPage)
        app.on(.orgBilling, use: orgBillingPage)
        app.on(.billingAccount, use: accountPage)
        app.on(.setBillingPeriod, use: setPeriod)
        app.on(.statementCSV, use: statementCSV)
        app.on(.statementPrint, use: statementPrint)
        app.on(.requestUpgrade, use: requestUpgrade)
        app.on(.approveUpgrade, use: approveUpgrade)
        app.on(.denyUpgrade, use: denyUpgrade)
    }

    static func upgradeRow(_ r: UpgradeRequest) -> UpgradeRowVM {
        UpgradeRowVM(
            summary: r.summary, requester: "\(r.requester.name) (\(r.requester.email))", message: r.message,
            status: r.status, created: Format.dateTime(r.createdAt),
            approvePath: "/upgrade-requests/\(r.id.uuidString.lowercased())/approve",
            denyPath: "/upgrade-requests/\(r.id.uuidString.lowercased())/deny")
    }

    func workspaceBillingPage(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let user = try req.userID
        let ctx = try await req.services.workspaces.context(id, user: user)
        // Refuses (403) roles without usage or invoices: externals and observers.
        let account = try await req.services.billing.account(ofWorkspace: id, by: user)
        var usage: UsageVM?
        if ctx.can(.viewUsage) {
            let u = try await req.services.workspaces.usage(id, by: user)
            usage = UsageVM(
                seatsUsed: u.seatsUsed, observers: u.observers, projects: u.projects, conversations: u.conversations,
                tier: u.tier.displayName,
                byRole: WorkspaceRole.allCases.reversed().compactMap { role in
                    u.byRole[role].map { .init(role: role.rawValue.capitalized, count: $0) }
                })
        }
        let path = Paths.workspaceBilling(id)
        // The workspace's invoices: its owners, admins and billing read the statement of the
        // account it bills to (the service decides; members see usage only).
        var statement: StatementVM?
        if ctx.can(.viewInvoices) {
            let (s, view) = try await req.services.billing.statement(ofWorkspace: id, month: month(req), by: user)
            statement = StatementVM(s, account: view, formPath: path, workspace: id)
        }
        var upgrade: UpgradeFormVM?
        if !account.canManage, ctx.orgRole != nil {
            let mine = try await req.services.billing.upgradeRequests(in: ctx.org.id, by: user)
            upgrade = UpgradeFormVM(
                requestPath: "/orgs/\(ctx.org.id)/upgrade-requests",
                billingAccountId: account.id.uuidString.lowercased(),
                tierOptions: Tier.allCases.filter { $0 > account.tier }.map {
                    RoleOptionVM(
                        value: $0.rawValue,
                        label: "\($0.displayName) (\(Pricing.euros(Pricing.yearlyRateCents($0))) per seat)",
                        summary: "", selected: false)
                }, back: path, mine: mine.map(Self.upgradeRow))
        }
        return try await req.page(
            "billing", title: "Billing · \(ctx.workspace.name)",
            BillingPageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "billing"), heading: "Billing",
                orgBillingPath: try await orgBillingPath(req, org: account.orgID), account: AccountVM(account),
                usage: usage, statement: statement, back: path + (statement.map { "?month=" + $0.month } ?? ""),
                upgrade: upgrade,
                seatChart: SeatChartVM(try await req.services.billing.seatHistory(account.id, by: user))))
    }

    func accountPage(req: Request) async throws -> Response {
        let account = try await req.services.billing.account(try accountID(req), by: try req.userID)
        let path = Paths.billingAccount(account.id)
        let statement = try await statementVM(req, account: account, formPath: path)
        return try await req.page(
            "billing", title: "Billing account · \(account.orgName)",
            BillingPageVM(
                tabs: nil, heading: account.scope == "org" ? "Pooled billing account" : "Client billing account",
                orgBillingPath: try await orgBillingPath(req, org: account.orgID),
                account: AccountVM(account, workspaceLabel: account.workspaces.first?.name), usage: nil,
                statement: statement, back: path + (statement.map { "?month=" + $0.month } ?? ""), upgrade: nil,
                seatChart: SeatChartVM(try await req.services.billing.seatHistory(account.id, by: try req.userID))))
    }

    func orgBillingPage(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let user = try req.userID
        let ctx = try await req.services.orgs.context(orgID, user: user)
        let accounts = try await req.services.billing.accounts(ofOrg: orgID, by: user)
        return try await req.page(
            "org_billing", title: "Billing · \(ctx.org.name)",
            OrgBillingVM(
                name: ctx.org.name, orgPath: Paths.org(orgID),
                accounts: accounts.map {
                    AccountVM($0, workspaceLabel: $0.scope == "org" ? nil : $0.workspaces.first?.name)
                },
                requests: try await req.services.billing.upgradeRequests(in: orgID, by: user).map(Self.upgradeRow),
                canDecide: Access.can(ctx.role, .manageBilling), back: "/orgs/\(orgID)/billing"))
    }

    struct UpgradeForm: Content {
        var kind: String?
        var requestedTier: String?
        var workspaceName: String?
        var billingAccountId: String?
        var message: String?
        var back: String?
    }

    func requestUpgrade(req: Request) async throws -> Response {
        let form = try req.form(UpgradeForm.self)
        let (request, created) = try await req.services.billing.requestUpgrade(
            in: try req.id("orgId", "That organisation"), kind: form.kind, requestedTier: form.requestedTier,
            workspaceName: form.workspaceName, billingAccountID: form.billingAccountId, message: form.message,
            by: try req.userID)
        return req.see(
            Paths.safeNext(form.back),
            notice: created
                ? "Asked for \(request.summary). The billing people of your organisation will decide."
                : "You already asked for this; it is waiting for a decision.")
    }

    func approveUpgrade(req: Request) async throws -> Response { try await decide(req, approve: true) }

    func denyUpgrade(req: Request) async throws -> Response { try await decide(req, approve: false) }

    func decide(_ req: Request, approve: Bool) async throws -> Response {
        struct Back: Content { var back: String? }
        let back = try req.form(Back.self).back
        guard let raw = req.parameters.get("requestId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That request")
        }
        let request = try await req.services.billing.decideUpgrade(id, approve: approve, by: try req.userID)
        return req.see(
            Paths.safeNext(back),
            notice: approve ? "Approved: \(request.summary)." : "Denied: \(request.summary). They have been told.")
    }

    struct PeriodForm: Content {
        var period: String?
        var back: String?
    }

    func setPeriod(req: Request) async throws -> Response {
        let form = try req.form(PeriodForm.self)
        let account = try await req.services.billing.setPeriod(
            try accountID(req), period: form.period, by: try req.userID)
        let back = form.back.map { Paths.safeNext($0) } ?? Paths.billingAccount(account.id)
        return req.see(
            back,
            notice: account.period == .monthly
                ? "The account now pays monthly: \(Pricing.euros(account.seatPriceCents)) per seat per month (15% more than yearly)."
                : "The account now pays yearly: \(Pricing.euros(account.seatPriceCents)) per seat per month.")
    }

    /// The statement of the account in the path; `?w=` reads it as that workspace's invoices.
    func loadStatement(_ req: Request) async throws -> (Statement, BillingAccountView) {
        let id = try accountID(req)
        guard let raw = req.query[String.self, at: "w"], !raw.isEmpty else {
            return try await req.services.billing.statement(id, month: month(req), by: try req.userID)
        }
        guard let workspace = WorkspaceID(raw) else { throw DomainError.notFound("That billing account") }
        let result = try await req.services.billing.statement(
            ofWorkspace: workspace, month: month(req), by: try req.userID)
        guard result.1.id == id else { throw DomainError.notFound("That billing account") }
        return result
    }

    func statementCSV(req: Request) async throws -> Response {
        let (statement, _) = try await loadStatement(req)
        let response = Response(status: .ok, body: .init(string: Self.csv(statement)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"steward-statement-\(statement.month.description).csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func statementPrint(req: Request) async throws -> Response {
        let (statement, account) = try await loadStatement(req)
        let path = Paths.billingAccount(account.id)
        let label = account.scope == "org" ? nil : account.workspaces.first?.name
        return try await req.page(
            "statement_print", title: "Invoice \(statement.month) · \(account.orgName)",
            PrintVM(
                orgName: account.orgName, account: AccountVM(account, workspaceLabel: label),
                statement: StatementVM(statement, account: account, formPath: path),
                backPath: Paths.billingAccount(account.id, month: statement.month.description),
                issued: Format.date(req.services.env.clock.now())))
    }

    func accountID(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("accountId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That billing account")
        }
        return id
    }

    /// The `month` query; empty means the current month.
    func month(_ req: Request) -> String? {
        guard let raw = req.query[String.self, at: "month"], !raw.isEmpty else { return nil }
        return raw
    }

    /// The statement section, only for those who manage the account (the service decides).
    func statementVM(_ req: Request, account: BillingAccountView, formPath: String) async throws
        -> StatementVM?

    {
        guard account.canManage else { return nil }
        let (statement, view) = try await req.services.billing.statement(
            account.id, month: month(req), by: try req.userID)
        return StatementVM(statement, account: view, formPath: formPath)
    }

    func orgBillingPath(_ req: Request, org: OrgID) async throws -> String? {
        guard let ctx = try? await req.services.orgs.context(org, user: try req.userID), ctx.can(.viewBilling)
        else { return nil }
        return Paths.orgBilling(org)
    }

    static func monthLabel(_ month: BillingMonth) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "MMMM yyyy"
        return f.string(from: month.start)
    }

    /// Plain euros for spreadsheets: "20.00", "-5.50".
    static func plainEuros(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        return "\(sign)\(abs(cents) / 100).\(String(format: "%02d", abs(cents) % 100))"
    }

    static func csv(_ s: Statement) -> String {
        let m = s.month.description
        var rows = ["month,kind,seats,unit_eur,amount_eur"]
        for line in s.lines {
            rows.append(
                "\(m),\(line.kind.rawValue),\(line.seats),\(plainEuros(line.unitCents)),\(plainEuros(line.amountCents))"
            )
        }
        rows.append("\(m),observer (free),\(s.freeObservers),0.00,0.00")
        rows.append("\(m),subtotal,\(s.seats),,\(plainEuros(s.subtotalCents))")
        rows.append(
            "\(m),discount \(PartnerWebController.DealRowVM.percent(s.discountPercent)),,,\(plainEuros(-s.discountCents))"
        )
        rows.append("\(m),total,\(s.seats),,\(plainEuros(s.totalCents))")
        return rows.joined(separator: "\r\n") + "\r\n"
    }
}
