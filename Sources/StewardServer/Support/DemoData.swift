import StewardCore
import StewardStore
import Vapor

/// The demo organisation: one internal workspace with a person in each workspace role, and a
/// project with a few conversations so every page has something to show. Loading is idempotent.
enum DemoData {
    static let password = "steward-demo"
    static let orgName = "Northwind Research"
    static let workspaceName = "Citizen Panels"

    struct Account {
        var email: String
        var name: String
        var role: String
    }

    static let accounts: [Account] = [
        .init(email: "owner@demo.steward.test", name: "Olivia Owner", role: "owner"),
        .init(email: "admin@demo.steward.test", name: "Adam Admin", role: "admin"),
        .init(email: "member@demo.steward.test", name: "Mia Member", role: "member"),
        .init(email: "billing@demo.steward.test", name: "Bill Billing", role: "billing"),
        .init(email: "external@demo.steward.test", name: "Eve External", role: "external"),
    ]

    static let staffAccount = Account(email: "staff@demo.steward.test", name: "Sid Staff", role: "staff")

    static let conversations: [(String, String)] = [
        (
            "Anna",
            "The new bike lanes on the main road feel much safer. I cycle to work every day now and "
                + "my children cycle to school. We would like more trees along the lanes for shade."
        ),
        (
            "Bram",
            "Parking in the centre is the biggest problem. Since the bike lanes came there is less "
                + "space for cars and the shops say customers stay away. Public transport is too expensive."
        ),
        (
            "Chen",
            "I love the green park by the river but it is not lit at night. More lighting and more "
                + "benches would make it safer. The bus to the park only runs once an hour."
        ),
        (
            "Dewi",
            "Public transport should be cheaper and more frequent. The bus is always late and the "
                + "tram stops too early in the evening. Safer crossings near the school would help parents."
        ),
    ]

    /// Creates what is missing and returns the accounts to print.
    static func load(into services: StewardServices) async throws -> [Account] {
        let owner = EmailAddress(accounts[0].email)!
        if try await services.accounts.user(byEmail: owner) != nil {
            // Demo data from before address verification existed: its accounts are vouched for.
            for account in accounts + [staffAccount] {
                try await services.accounts.markVerified(EmailAddress(account.email)!)
            }
            return accounts
        }
        var users: [String: User] = [:]
        for account in accounts {
            users[account.role] = try await services.accounts.createUser(
                email: EmailAddress(account.email)!, name: account.name, password: password, isStaff: false,
                verified: true)
        }
        // Platform staff: the console only, no content.
        let staff = try await services.accounts.createUser(
            email: EmailAddress(staffAccount.email)!, name: staffAccount.name, password: password, isStaff: true,
            verified: true)
        let ownerID = users["owner"]!.id
        let org = try await services.orgs.create(name: orgName, by: ownerID)
        // On Innovator, so the billing pages show real prices (staff set tiers, with a reason).
        if let account = org.org.billingAccountID {
            _ = try await services.staff.setTier(
                account.uuid, tier: Tier.innovator.rawValue, reason: "Demo organisation", by: staff.id)
        }
        _ = try await services.invites.invite(
            to: .org(org.org.id), emails: [accounts[1].email, accounts[2].email], role: OrgRole.member.rawValue,
            by: ownerID)
        _ = try await services.invites.invite(
            to: .org(org.org.id), emails: [accounts[3].email], role: OrgRole.billing.rawValue, by: ownerID)
        let workspace = try await services.workspaces.create(
            in: org.org.id, name: workspaceName, visibility: nil, externalClient: nil, by: ownerID)
        for role in ["admin", "member", "billing", "external"] {
            let email = accounts.first { $0.role == role }!.email
            let results = try await services.invites.invite(
                to: .workspace(workspace.workspace.id), emails: [email], role: role, by: ownerID)
            if let error = results.first?.error { throw error }
        }
        let project = try await services.work.createProject(
            in: workspace.workspace.id, name: "Mobility in the city centre",
            description: "Residents on cycling, parking and public transport.", by: ownerID)
        for (name, text) in conversations {
            _ = try await services.work.recordConversation(
                in: project.id, participantName: name, text: text, by: ownerID)
        }
        _ = try await services.work.buildReport(in: project.id, by: ownerID)
        return accounts
    }

    static func banner(_ accounts: [Account], baseURL: String) -> String {
        var lines = [
            "", "Steward demo data is loaded: \(orgName) / \(workspaceName).",
            "Open \(baseURL) and sign in with any of these (password: \(password)):",
        ]
        for a in accounts + [staffAccount] {
            lines.append("  \(a.role.padding(toLength: 9, withPad: " ", startingAt: 0)) \(a.email)")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
