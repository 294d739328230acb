import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

@Suite("Billing pages")
struct BillingPageTests {
    /// The pooled account of the world's organisation, read through the API.
    func pooledAccount(_ world: World) async throws -> String {
        let reply = try await world.app.send(
            .GET, "/api/v1/orgs/\(world.orgID)/billing-accounts", token: world.owner.token)
        let pooled = reply.items.first { $0["scope"] as? String == "org" }
        let id = pooled?["id"] as? String ?? ""
        #expect(!id.isEmpty, "\(reply.text)")
        return id
    }

    /// The fixture writes its external-client workspace directly; give it its own account, as the
    /// partner program would.
    func giveClientItsOwnAccount(_ world: World) async throws -> String {
        let account = BillingAccountRow()
        account.scope = "workspace"
        account.orgID = UUID(uuidString: world.orgID)!
        account.workspaceID = UUID(uuidString: world.clientID)!
        account.tier = Tier.innovator.rawValue
        account.period = BillingPeriod.yearly.rawValue
        account.createdAt = Date()
        try await account.create(on: world.app.db)
        let row = try await WorkspaceRow.find(UUID(uuidString: world.clientID)!, on: world.app.db)!
        row.billingAccountID = account.id
        try await row.save(on: world.app.db)
        return account.id!.uuidString.lowercased()
    }

    func session(_ app: Application, _ person: Person?) async throws -> WebSession {
        let web = WebSession(app)
        try await web.signIn(try #require(person).email)
        return web
    }

    @Test("seats per month: a bar per month for a year, this month last, with the same numbers as a table")
    func seatChart() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_767_225_600 + 10 * 86_400))  // 11 January 2026
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let external = world.people[.external]!
            clock.advance(by: 25 * 86_400)  // February: the external consultant leaves
            let removed = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(external.id)", token: world.owner.token)
            #expect(removed.status == .noContent)
            clock.advance(by: 31 * 86_400)  // March
            let web = try await session(app, world.owner)
            let page = try await web.get("/w/\(world.internalID)/billing")
            #expect(page.contains("id=\"seat-chart\""), "\(page.text)")
            #expect(page.text.components(separatedBy: "class=\"chart-bar").count - 1 == 12)
            #expect(page.text.components(separatedBy: "chart-bar-current").count - 1 == 1)
            for (month, seats) in [
                ("March 2025", nil), ("April 2025", 0), ("December 2025", 0), ("January 2026", 5),
                ("February 2026", 5), ("March 2026", 4),
            ] as [(String, Int?)] {
                let row = "<tr><th scope=\"row\">\(month)</th><td>"
                if let seats {
                    #expect(page.contains(row + "\(seats)</td>"), "\(month): \(seats)")
                } else {
                    #expect(!page.contains(row), "\(month) is more than a year ago")
                }
            }
            #expect(page.contains("4 this month, the most 5 in January 2026"))
        }
    }

    @Test("the chart's gridlines step by 1, 2 or 5 times a power of ten, at most five of them")
    func chartSteps() {
        #expect(
            [0, 4, 5, 8, 9, 20, 40, 41, 199, 201].map(SeatChartVM.step(for:)) == [1, 1, 2, 2, 5, 5, 10, 20, 50, 100])
        let chart = SeatChartVM([
            MonthSeats(month: BillingMonth(year: 2026, month: 1)!, seats: 0),
            MonthSeats(month: BillingMonth(year: 2026, month: 2)!, seats: 7),
        ])
        #expect(chart.ticks.map(\.value) == [0, 2, 4, 6, 8])
        #expect(chart.bars.map(\.label) == ["Jan", "Feb"] && chart.bars.last?.isCurrent == true)
        #expect(chart.bars[0].height == "0.0")
    }

    @Test("the owner reads the statement: 5 paid seats at innovator, €100.00 yearly, €115.00 monthly")
    func ownerStatementAndPeriodSwitch() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let web = try await session(app, world.owner)
            let path = "/w/\(world.internalID)/billing"

            let workspace = try await web.get("/w/\(world.internalID)")
            #expect(workspace.contains("href=\"\(path)\""), "the Billing tab is shown")

            let page = try await web.get(path)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.contains("id=\"statement\""))
            #expect(page.contains("id=\"statement-total\">€100.00<"), "\(page.text)")
            #expect(page.contains("Shared by 1 internal workspace of Acme Research"))
            #expect(page.contains("id=\"statement-month-form\""))
            #expect(page.contains("id=\"period-form\""))
            #expect(page.contains("15% more"), "the page states the surcharge before switching")
            #expect(page.contains("€23.00"))
            let account = try await pooledAccount(world)
            #expect(page.contains("id=\"statement-csv\" href=\"/billing-accounts/\(account)/statement.csv?month="))
            #expect(page.contains("id=\"statement-print\" href=\"/billing-accounts/\(account)/statement/print?month="))

            // Without the CSRF field the switch is refused and nothing changes.
            let forged = try await web.post(
                "/billing-accounts/\(account)/period", ["period": "monthly"], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await web.get(path).contains("id=\"statement-total\">€100.00<"))

            let switched = try await web.post(
                "/billing-accounts/\(account)/period", ["period": "monthly", "back": path], referer: path)
            #expect(switched.status == .seeOther, "\(switched.text)")
            #expect(switched.location == path)
            let monthly = try await web.get(path)
            #expect(monthly.contains("id=\"statement-total\">€115.00<"), "\(monthly.text)")
            #expect(monthly.contains("Monthly (15% more than yearly)"))

            // A month before anyone held a seat has an empty statement.
            let past = try await web.get(path + "?month=2020-01")
            #expect(past.contains("id=\"statement-total\">€0.00<"))
            #expect(past.contains("value=\"2020-01\""))
        }
    }

    @Test("a member sees usage but no statement and no period form")
    func memberSeesUsageOnly() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let web = try await session(app, world.people[.member])
            let page = try await web.get("/w/\(world.internalID)/billing")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.contains("id=\"usage\""))
            #expect(page.contains("id=\"account-seats\">5<"), "\(page.text)")
            #expect(!page.contains("id=\"statement\""))
            #expect(!page.contains("id=\"statement-total\""))
            #expect(!page.contains("id=\"period-form\""))
            #expect(!page.contains("id=\"statement-csv\""))

            let account = try await pooledAccount(world)
            #expect(try await web.get("/billing-accounts/\(account)/statement.csv").status == .forbidden)
            let post = try await web.post("/billing-accounts/\(account)/period", ["period": "monthly"])
            #expect(post.status == .seeOther || post.status == .forbidden)
            let after = try await app.send(.GET, "/api/v1/billing-accounts/\(account)", token: world.owner.token)
            #expect(after.string("period") == "yearly", "a member cannot switch the period")
        }
    }

    @Test("the billing role: tab, calm card link, statement of an account they manage")
    func billingRole() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            _ = try await giveClientItsOwnAccount(world)
            let web = try await session(app, world.people[.billing])

            let home = try await web.get("/w/\(world.clientID)")
            #expect(home.contains("id=\"calm-billing-link\" href=\"/w/\(world.clientID)/billing\""), "\(home.text)")

            let page = try await web.get("/w/\(world.clientID)/billing")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.contains("id=\"billing-tab\""))
            #expect(page.contains("id=\"statement\""))
            #expect(page.contains("id=\"statement-total\""))
            #expect(page.contains("this external-client workspace's own account") || page.contains("own account"))

            // On the pooled account the page shows the statement exactly when the service lets this
            // person read it (the API twin answers the same question).
            let pooled = try await web.get("/w/\(world.internalID)/billing")
            #expect(pooled.status == .ok)
            #expect(pooled.contains("id=\"usage\""))
            let api = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: world.people[.billing]!.token)
            #expect(pooled.contains("id=\"statement\"") == (api.status == .ok), "\(api.status)")
            #expect(!pooled.contains("id=\"period-form\""), "the pooled period is the organisation's to switch")
            if api.status == .ok {
                #expect(pooled.contains("id=\"statement-total\">€100.00<"), "\(pooled.text)")
                // Their CSV and invoice links work through the workspace.
                let csvPath = try #require(
                    pooled.text.firstRange(of: "id=\"statement-csv\" href=\"").map {
                        String(pooled.text[$0.upperBound...].prefix { $0 != "\"" })
                    })
                let csv = try await web.get(csvPath.replacingOccurrences(of: "&amp;", with: "&"))
                #expect(csv.status == .ok, "\(csvPath): \(csv.text)")
                #expect(csv.text.hasPrefix("month,kind,seats,unit_eur,amount_eur"))
            }
        }
    }

    @Test("externals and observers get no Billing tab and a 403 on the page")
    func outsideRolesRefused() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let external = try await session(app, world.people[.external])
            let workspace = try await external.get("/w/\(world.internalID)")
            #expect(workspace.status == .ok)
            #expect(!workspace.contains("/w/\(world.internalID)/billing"))
            #expect(!workspace.contains("id=\"billing-tab\""))
            #expect(try await external.get("/w/\(world.internalID)/billing").status == .forbidden)

            _ = try await giveClientItsOwnAccount(world)
            let observer = try await session(app, world.people[.observer])
            #expect(!(try await observer.get("/w/\(world.clientID)").contains("id=\"billing-tab\"")))
            #expect(try await observer.get("/w/\(world.clientID)/billing").status == .forbidden)
        }
    }

    @Test("the CSV has the header, one line per kind and the total; it downloads as an attachment")
    func statementCSV() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let account = try await pooledAccount(world)
            let web = try await session(app, world.owner)
            let page = try await web.get("/w/\(world.internalID)/billing")
            let month = try #require(
                page.text.firstRange(of: "statement.csv?month=").map {
                    String(page.text[$0.upperBound...].prefix(7))
                })
            let csv = try await web.get("/billing-accounts/\(account)/statement.csv?month=\(month)")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(
                csv.headers.first(name: .contentDisposition)
                    == "attachment; filename=\"steward-statement-\(month).csv\"")
            let rows = csv.text.split(separator: "\r\n").map(String.init)
            #expect(rows.first == "month,kind,seats,unit_eur,amount_eur")
            #expect(rows.contains("\(month),owner,1,20.00,20.00"), "\(csv.text)")
            #expect(rows.contains("\(month),subtotal,5,,100.00"))
            #expect(rows.last == "\(month),total,5,,100.00", "\(csv.text)")

            let print = try await web.get("/billing-accounts/\(account)/statement/print?month=\(month)")
            #expect(print.status == .ok)
            #expect(print.contains("id=\"invoice-org\">Acme Research<"))
            #expect(print.contains("id=\"statement-total\">€100.00<"))

            #expect(try await web.get("/billing-accounts/\(account)/statement.csv?month=nope").status.code == 422)
        }
    }

    @Test("the organisation's billing person lists its accounts and opens the pooled statement")
    func orgBillingPage() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let client = try await giveClientItsOwnAccount(world)
            let account = try await pooledAccount(world)
            let web = try await session(app, world.orgPeople[.billing])

            let org = try await web.get("/orgs/\(world.orgID)")
            #expect(org.contains("href=\"/orgs/\(world.orgID)/billing\" id=\"org-billing-link\""), "\(org.text)")

            let page = try await web.get("/orgs/\(world.orgID)/billing")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.contains("id=\"account-\(account)\""))
            #expect(page.contains("Pooled account"))
            #expect(page.contains("id=\"account-\(client)\""))
            #expect(page.contains("href=\"/billing-accounts/\(account)\""))

            let statement = try await web.get("/billing-accounts/\(account)")
            #expect(statement.status == .ok)
            #expect(statement.contains("id=\"statement-total\">€100.00<"), "\(statement.text)")
            #expect(statement.contains("id=\"period-form\""))

            // A plain org member neither sees the link nor the page.
            let member = try await session(app, world.orgPeople[.member])
            #expect(!(try await member.get("/orgs/\(world.orgID)").contains("id=\"org-billing-link\"")))
            #expect(try await member.get("/orgs/\(world.orgID)/billing").status == .forbidden)
        }
    }
}

@Suite("Upgrade request pages")
struct UpgradeRequestPageTests {
    @Test("a member asks from the billing tab; the org's billing person approves on the org billing page")
    func askAndApprove() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            let page = try await member.get("/w/\(world.internalID)/billing")
            #expect(page.contains("id=\"upgrade-tier-form\""))
            #expect(page.contains("id=\"upgrade-workspace-form\""))
            let asked = try await member.post(
                "/orgs/\(world.orgID)/upgrade-requests",
                ["kind": "tier", "requestedTier": "changemaker", "back": "/w/\(world.internalID)/billing"])
            #expect(asked.status == .seeOther)
            let after = try await member.get("/w/\(world.internalID)/billing")
            #expect(after.contains("Your requests") && after.contains("Changemaker plan"))
            let billing = WebSession(app)
            try await billing.signIn(world.orgPeople[.billing]!.email)
            let org = try await billing.get("/orgs/\(world.orgID)/billing")
            #expect(org.contains("Changemaker plan"))
            let requests = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/upgrade-requests", token: world.orgPeople[.billing]!.token)
            let id = requests.items.first?["id"] as? String ?? ""
            let approved = try await billing.post(
                "/upgrade-requests/\(id)/approve", ["back": "/orgs/\(world.orgID)/billing"])
            #expect(approved.status == .seeOther)
            let tier = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token)
            #expect(tier.string("tier") == "changemaker")
            // Managers decide instead of asking.
            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            #expect(!(try await owner.get("/w/\(world.internalID)/billing").contains("upgrade-tier-form")))
        }
    }
}
