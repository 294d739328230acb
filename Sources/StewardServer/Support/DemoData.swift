import StewardCore
import StewardStore
import Vapor

/// The demo: the story the seeds tell. Northwind Research is a partner agency (platform staff set
/// the flag) with an internal workspace and an external-client workspace it runs for the City of
/// Example, whose data owner watches as a free observer and whose logo the workspace shows; an
/// invite-only and a private workspace; pending invites, a live invite link, an access request to
/// an open workspace, a referral deal, conversations with a published report, and three months of seat
/// history so statements differ month to month. Loading is idempotent: it only runs on a database
/// without the demo owner.
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

    /// People of the client and the partner's consultant, beyond the workspace-role accounts.
    static let clientAccounts: [Account] = [
        .init(email: "client@demo.steward.test", name: "Clara Client", role: "data owner"),
        .init(email: "consultant@demo.steward.test", name: "Conor Consultant", role: "consultant"),
    ]

    /// A researcher who held a seat for a month and left: seat history only.
    static let formerAccount = Account(email: "former@demo.steward.test", name: "Frank Former", role: "former")

    static let clientOrgName = "City of Example"
    static let clientWorkspaceName = "City of Example · Resident Voices"

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
            for account in clientAccounts + [formerAccount]
            where try await services.accounts.user(byEmail: EmailAddress(account.email)!) != nil {
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
        _ = try await services.staff.setPartner(org.org.id, isPartner: true, by: staff.id)
        _ = try await services.invites.invite(
            to: .org(org.org.id), emails: [accounts[1].email, accounts[2].email], role: OrgRole.member.rawValue,
            by: ownerID)
        _ = try await services.invites.invite(
            to: .org(org.org.id), emails: [accounts[3].email], role: OrgRole.billing.rawValue, by: ownerID)
        let workspace = try await services.workspaces.create(
            in: org.org.id, name: workspaceName, visibility: nil, externalClient: nil, by: ownerID)
        let internalID = workspace.workspace.id
        for role in ["admin", "member", "billing", "external"] {
            let email = accounts.first { $0.role == role }!.email
            try await addOrFail(services, to: .workspace(internalID), [email], role: role, by: ownerID)
        }
        let project = try await services.work.createProject(
            in: internalID, name: "Mobility in the city centre",
            description: "Residents on cycling, parking and public transport.", by: ownerID)
        for (name, text) in conversations {
            _ = try await services.work.recordConversation(
                in: project.id, participantName: name, text: text, by: ownerID)
        }
        let report = try await services.work.buildReport(in: project.id, by: ownerID)
        _ = try await services.work.publishReport(report.id, by: ownerID)

        try await loadClientWorkspace(services, org: org.org.id, owner: ownerID, staff: staff.id)
        try await loadRestrictedWorkspaces(services, org: org.org.id, users: users)

        // Waiting for someone: an email invite to an address without an account, and a link.
        _ = try await services.invites.invite(
            to: .workspace(internalID), emails: ["new.researcher@demo.steward.test"], role: "member", by: ownerID)
        _ = try await services.invites.createLink(
            in: internalID, role: "member", expiresInDays: 14, maxUses: 10, by: ownerID)
        try await loadSeatHistory(services, workspace: internalID, users: users, owner: ownerID)
        return accounts
    }

    /// Adds existing accounts; a refusal stops the demo with its reason.
    static func addOrFail(
        _ services: StewardServices, to place: Place, _ emails: [String], role: String, by actor: UserID
    ) async throws {
        for result in try await services.invites.invite(to: place, emails: emails, role: role, by: actor) {
            if let error = result.error { throw error }
        }
    }

    /// The partner program: a workspace run for a client who owns its data, on the client's own
    /// billing account (Changemaker, so its logo shows), with a referral deal.
    static func loadClientWorkspace(_ services: StewardServices, org: OrgID, owner: UserID, staff: UserID)
        async throws
    {
        var people: [String: User] = [:]
        for account in clientAccounts {
            people[account.role] = try await services.accounts.createUser(
                email: EmailAddress(account.email)!, name: account.name, password: password, isStaff: false,
                verified: true)
        }
        let client = try await services.workspaces.create(
            in: org, name: clientWorkspaceName, visibility: Visibility.inviteOnly.rawValue,
            externalClient: ExternalClientFields(
                clientOrgName: clientOrgName, dataOwnerEmail: clientAccounts[0].email, partnerAgreementAccepted: true),
            by: owner)
        let id = client.workspace.id
        try await addOrFail(services, to: .workspace(id), [clientAccounts[1].email], role: "external", by: owner)
        if let account = client.workspace.billingAccountID {
            _ = try await services.staff.setTier(
                account.uuid, tier: Tier.changemaker.rawValue, reason: "Client signed Changemaker (demo)", by: staff)
        }
        _ = try await services.partner.putLogo(id, bytes: clientLogo, by: owner)
        let project = try await services.work.createProject(
            in: id, name: "Library opening hours", description: "What residents want from the city's libraries.",
            by: owner)
        for (name, text) in [
            ("Fatima", "The library should open on Sunday afternoons. Students need a quiet place to study."),
            ("Gerrit", "Evening opening would help people who work. The reading room is too cold in winter."),
        ] {
            _ = try await services.work.recordConversation(in: project.id, participantName: name, text: text, by: owner)
        }
        _ = try await services.staff.createDeal(
            ReferralDealFields(
                partnerOrgID: org.description, clientWorkspaceID: id.description, kickbackPercent: 10,
                discountPercent: 20, kickbackCapEur: 500,
                startsAt: BillingMonth(containing: services.env.clock.now()).previous.previous.start, expiresAt: nil,
                notes: "Referred by Northwind Research (demo)"),
            by: staff)
    }

    /// Visibility: an invite-only and a private workspace, and an open one someone asked to join.
    static func loadRestrictedWorkspaces(_ services: StewardServices, org: OrgID, users: [String: User]) async throws {
        let owner = users["owner"]!.id
        let interviews = try await services.workspaces.create(
            in: org, name: "Leadership Interviews", visibility: Visibility.inviteOnly.rawValue, externalClient: nil,
            by: owner)
        try await addOrFail(
            services, to: .workspace(interviews.workspace.id), [accounts[1].email], role: "admin", by: owner)
        // Open workspaces show in the organisation's list; a member who is not in one asks to join.
        let youth = try await services.workspaces.create(
            in: org, name: "Youth Panel", visibility: Visibility.open.rawValue, externalClient: nil, by: owner)
        try await addOrFail(services, to: .workspace(youth.workspace.id), [accounts[1].email], role: "admin", by: owner)
        _ = try await services.access.request(
            youth.workspace.id, message: "I run the mobility panels and would like to compare notes.",
            by: users["member"]!.id)
        _ = try await services.workspaces.create(
            in: org, name: "Board Confidential", visibility: Visibility.private.rawValue, externalClient: nil,
            by: owner)
    }

    /// Three months on the pooled account, growing: the owner, billing and a researcher who left
    /// at the end of that month two months back (3 seats); the admin and the member joined last
    /// month (4); the external consultant this month (5).
    static func loadSeatHistory(
        _ services: StewardServices, workspace: WorkspaceID, users: [String: User], owner: UserID
    ) async throws {
        let thisMonth = BillingMonth(containing: services.env.clock.now())
        let lastMonth = thisMonth.previous
        let twoMonthsAgo = lastMonth.previous
        for role in ["owner", "billing"] {
            try await services.setSeatHistory(of: users[role]!.id, in: workspace, from: twoMonthsAgo.start)
        }
        for role in ["admin", "member"] {
            try await services.setSeatHistory(of: users[role]!.id, in: workspace, from: lastMonth.start)
        }
        let former = try await services.accounts.createUser(
            email: EmailAddress(formerAccount.email)!, name: formerAccount.name, password: password,
            isStaff: false, verified: true)
        try await addOrFail(services, to: .workspace(workspace), [former.email], role: "member", by: owner)
        try await services.members.remove(former.id, from: .workspace(workspace), by: owner)
        try await services.setSeatHistory(
            of: former.id, in: workspace, from: twoMonthsAgo.start.addingTimeInterval(9 * 86_400),
            to: lastMonth.start.addingTimeInterval(-3600))
    }

    static func banner(_ accounts: [Account], baseURL: String) -> String {
        var lines = [
            "", "Steward demo data is loaded: \(orgName) / \(workspaceName).",
            "Open \(baseURL) and sign in with any of these (password: \(password)):",
        ]
        for a in accounts + clientAccounts + [staffAccount] {
            lines.append("  \(a.role.padding(toLength: 11, withPad: " ", startingAt: 0)) \(a.email)")
        }
        lines.append("The README's demo section says which account shows what.")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
