import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// The README's demo table, checked as a newcomer would: sign in as each account and look.
@Suite("Demo story")
struct DemoStoryTests {
    static func signIn(_ app: Application, _ who: String) async throws -> WebSession {
        let web = WebSession(app)
        try await web.signIn("\(who)@demo.steward.test", password: DemoData.password)
        return web
    }

    static func token(_ app: Application, _ who: String) async throws -> String {
        try await app.send(
            .POST, "/api/v1/auth/login", json: ["email": "\(who)@demo.steward.test", "password": DemoData.password]
        ).string("token")
    }

    @Test("each account of the README's table sees what the table names")
    func everyConceptAsItsAccount() async throws {
        try await withSteward { app in
            _ = try await DemoData.load(into: app.services)
            _ = try await DemoData.load(into: app.services)  // idempotent: nothing doubles

            let owner = try await Self.signIn(app, "owner")
            let list = try await owner.get("/workspaces")
            for name in [
                "Citizen Panels", "Resident Voices", "Leadership Interviews", "Board Confidential", "Youth Panel",
            ] {
                #expect(list.text.components(separatedBy: name).count - 1 >= 1, "\(name) listed")
            }
            let ownerToken = try await Self.token(app, "owner")
            let workspaces = try await app.send(.GET, "/api/v1/workspaces", token: ownerToken).items
            #expect(workspaces.count == 5)
            func id(_ name: String) -> String {
                workspaces.first { ($0["name"] as? String)?.contains(name) == true }?["id"] as? String ?? ""
            }
            let kinds = Dictionary(
                uniqueKeysWithValues: workspaces.map {
                    ($0["name"] as? String ?? "", $0["visibility"] as? String ?? "")
                })
            #expect(kinds["Leadership Interviews"] == "inviteOnly" && kinds["Board Confidential"] == "private")
            let panels = id("Citizen Panels")
            let members = try await owner.get("/w/\(panels)/members")
            #expect(members.contains("new.researcher@demo.steward.test"), "a pending email invite")
            let links = try await app.send(.GET, "/api/v1/workspaces/\(panels)/invite-links", token: ownerToken)
            #expect(links.items.count == 1)
            let project = try #require(
                try await app.send(.GET, "/api/v1/workspaces/\(panels)/projects", token: ownerToken).items.first?["id"]
                    as? String)
            let reports = try await app.send(.GET, "/api/v1/projects/\(project)/reports", token: ownerToken).items
            #expect(reports.contains { $0["status"] as? String == "published" })
            let ask = try await app.send(
                .POST, "/api/v1/projects/\(project)/ask", token: ownerToken, json: ["question": "What about the bus?"])
            #expect(ask.status == .ok && !(ask["citations"] as? [Any] ?? []).isEmpty, "\(ask.text)")
            let billing = try await owner.get("/w/\(panels)/billing")
            #expect(billing.contains("id=\"seat-chart\""))
            let now = BillingMonth(containing: app.services.env.clock.now())
            var totals: [Int] = []
            for month in [now.previous.previous, now.previous, now] {
                totals.append(
                    try await app.send(
                        .GET, "/api/v1/workspaces/\(panels)/statement?month=\(month)", token: ownerToken
                    )["totalCents"] as? Int ?? -1)
            }
            #expect(totals == [6_000, 8_000, 10_000], "3, 4 and 5 seats at €20")

            let admin = try await Self.signIn(app, "admin")
            let youth = try await admin.get("/w/\(id("Youth Panel"))/members")
            #expect(youth.contains("Mia Member"), "the access request to decide")

            let member = try await Self.signIn(app, "member")
            let memberList = try await member.get("/workspaces")
            #expect(memberList.contains("Citizen Panels") && !memberList.contains("Board Confidential"))

            let orgID = try #require((workspaces[0]["org"] as? [String: Any])?["id"] as? String)
            let billingPerson = try await Self.signIn(app, "billing")
            let orgBilling = try await billingPerson.get("/orgs/\(orgID)/billing")
            #expect(orgBilling.status == .ok && orgBilling.contains("Pooled"), "\(orgBilling.text)")

            let external = try await Self.signIn(app, "external")
            let externalBilling = try await external.get("/w/\(panels)/billing")
            #expect(externalBilling.status == .forbidden, "an external collaborator sees no billing")

            let client = try await Self.signIn(app, "client")
            let clientList = try await client.get("/workspaces")
            #expect(clientList.contains("data-owner-marker"), "the data owner's marker")
            let clientWorkspace = try await client.get("/w/\(id("Resident Voices"))")
            #expect(clientWorkspace.contains("class=\"client-logo\""), "the client's logo")
            let clientToken = try await Self.token(app, "client")
            let mine = try await app.send(.GET, "/api/v1/workspaces", token: clientToken).items
            #expect(
                mine.count == 1 && mine[0]["role"] as? String == "observer" && mine[0]["isDataOwner"] as? Bool == true)

            let consultant = try await app.send(
                .GET, "/api/v1/workspaces", token: try await Self.token(app, "consultant")
            ).items
            #expect(consultant.count == 1 && consultant[0]["role"] as? String == "external")

            let staffToken = try await Self.token(app, "staff")
            let deals = try await app.send(.GET, "/api/v1/staff/referral-deals", token: staffToken).items
            #expect(deals.count == 1 && deals[0]["discountPercent"] as? Double == 20)
            let orgs = try await app.send(.GET, "/api/v1/staff/orgs", token: staffToken).items
            #expect(orgs.contains { $0["isPartner"] as? Bool == true })
        }
    }
}
