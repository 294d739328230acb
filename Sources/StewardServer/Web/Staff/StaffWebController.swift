import StewardCore
import StewardStore
import Vapor

/// The staff console (NOTES §2, §8). Every handler first asks whether the person is staff;
/// everyone else gets the ordinary 404 page. Staff status opens this console and no content: the
/// console links to no workspace's projects, members or work.
struct StaffWebController {
    func register(signedIn app: any RoutesBuilder) {
        app.on(.staffOrgs, use: orgsPage)
        app.on(.staffOrg, use: orgPage)
        app.on(.setPartnerFlag, use: setPartner)
        app.on(.staffSetTier, use: setTier)
        app.on(.staffAudit, use: auditPage)
        app.on(.staffDeals, use: dealsPage)
        app.on(.createStaffDeal, use: createDeal)
        app.on(.staffDeal, use: dealPage)
        app.on(.updateStaffDeal, use: updateDeal)
        app.on(.deleteStaffDeal, use: deleteDeal)
        app.on(.staffTransfer, use: transferPage)
        app.on(.transferWorkspace, use: transfer)
    }

    /// Not staff: the same 404 as any unknown page, before anything else is read.
    func requireStaff(_ req: Request) async throws -> UserID {
        let userID = try req.userID
        guard try await req.services.staff.isStaff(userID) else { throw DomainError.notFound("That page") }
        return userID
    }

    struct NavVM: Encodable {
        var orgs = Paths.staff
        var deals = Paths.staffDeals
        var audit = Paths.staffAudit
        var active: String
    }

    struct OrgRowVM: Encodable {
        var name: String
        var path: String
        var isPartner: Bool
        var partnerNote: String
        var tier: String
        var members: Int
        var workspaces: Int
    }

    struct OrgsVM: Encodable {
        var nav: NavVM
        var searchPath = Paths.staff
        var query: String
        var pager: PagerVM
        var orgs: [OrgRowVM]
    }

    static func partnerNote(_ o: StaffOrg) -> String {
        guard let at = o.partnerSetAt else { return "" }
        let who = o.partnerSetBy.map { "\($0.name) (\($0.email))" } ?? "staff"
        return (o.org.isPartner ? "Partner since " : "Cleared ") + Format.dateTime(at) + " by " + who
    }

    func orgsPage(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let query = req.query[String.self, at: "query"] ?? ""
        let orgs = try await req.services.staff.orgs(matching: query, page: try req.webPage(), by: userID)
        return try await req.page(
            "staff_orgs", title: "Staff console",
            OrgsVM(
                nav: NavVM(active: "orgs"), query: query,
                pager: PagerVM(req, next: orgs.next, label: "More organisations"),
                orgs: orgs.items.map {
                    OrgRowVM(
                        name: $0.org.name, path: Paths.staffOrg($0.org.id), isPartner: $0.org.isPartner,
                        partnerNote: Self.partnerNote($0), tier: $0.tier.displayName, members: $0.members,
                        workspaces: $0.workspaces.count)
                }))
    }

    struct TierFormVM: Encodable {
        var accountId: String
        var path: String
        var options: [RoleOptionVM]
        var back: String
        var confirm: String
        var csrf: String
    }

    struct ClientWorkspaceVM: Encodable {
        var name: String
        var tier: String
        var transferPath: String
        var tierForm: TierFormVM?
    }

    struct OrgVM: Encodable {
        var nav: NavVM
        var name: String
        var isPartner: Bool
        var partnerNote: String
        var partnerPath: String
        var tier: String
        var members: Int
        var internalWorkspaces: Int
        var pooledTierForm: TierFormVM?
        var clientWorkspaces: [ClientWorkspaceVM]
        var events: [AuditRowVM]
    }

    static func tierOptions(_ current: Tier) -> [RoleOptionVM] {
        Tier.allCases.map {
            RoleOptionVM(value: $0.rawValue, label: $0.displayName, summary: "", selected: $0 == current)
        }
    }

    func orgPage(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let o = try await req.services.staff.org(orgID, by: userID)
        let pooled = o.org.billingAccountID
        let internalCount = o.workspaces.filter { pooled != nil && $0.billingAccountID == pooled }.count
        let clients = o.workspaces.filter { $0.kind == .externalClient }
        let tiers = try await req.services.staff.tiers(
            ofAccounts: clients.compactMap { $0.billingAccountID?.uuid }, by: userID)
        let back = Paths.staffOrg(orgID)
        let events = try await req.services.staff.audit(
            org: orgID.uuid, workspace: nil, limit: 200, before: nil, by: userID)
        let noun = internalCount == 1 ? "workspace" : "workspaces"
        return try await req.page(
            "staff_org", title: "Staff: \(o.org.name)",
            OrgVM(
                nav: NavVM(active: "orgs"), name: o.org.name, isPartner: o.org.isPartner,
                partnerNote: Self.partnerNote(o), partnerPath: Paths.staffPartnerFlag(orgID), tier: o.tier.displayName,
                members: o.members, internalWorkspaces: internalCount,
                pooledTierForm: pooled.map {
                    TierFormVM(
                        accountId: $0.description, path: Paths.staffTier($0.description),
                        options: Self.tierOptions(o.tier),
                        back: back,
                        confirm: "This changes the tier of \(internalCount) internal \(noun) of \(o.org.name) at once.",
                        csrf: req.csrfToken)
                },
                clientWorkspaces: clients.map { w in
                    let tier = w.billingAccountID.flatMap { tiers[$0.uuid] } ?? .free
                    return ClientWorkspaceVM(
                        name: w.name, tier: tier.displayName, transferPath: "/staff/workspaces/\(w.id)/transfer",
                        tierForm: w.billingAccountID.map {
                            TierFormVM(
                                accountId: $0.description, path: Paths.staffTier($0.description),
                                options: Self.tierOptions(tier), back: back,
                                confirm: "This changes the tier of the external-client workspace \(w.name) only.",
                                csrf: req.csrfToken)
                        })
                }, events: events.map(AuditRowVM.init)))
    }

    struct PartnerForm: Content { var isPartner: String? }

    func setPartner(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let form = try req.form(PartnerForm.self)
        let flag: Bool? =
            switch form.isPartner {
            case "true": true
            case "false": false
            default: nil
            }
        let o = try await req.services.staff.setPartner(orgID, isPartner: flag, by: userID)
        return req.see(
            Paths.staffOrg(orgID),
            notice: o.org.isPartner ? "\(o.org.name) is a partner." : "\(o.org.name) is no longer a partner.")
    }

    struct TierForm: Content {
        var tier: String?
        var reason: String?
        var back: String?
    }

    func setTier(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let id = try req.uuidParameter("accountId", "That billing account")
        let form = try req.form(TierForm.self)
        let (tier, affected) = try await req.services.staff.setTier(
            id, tier: form.tier, reason: form.reason, by: userID)
        let back = form.back.map { Paths.safeNext($0) } ?? Paths.staff
        return req.see(
            back.hasPrefix(Paths.staff) ? back : Paths.staff,
            notice: "Tier set to \(tier.displayName) for \(affected) workspace\(affected == 1 ? "" : "s").")
    }

    struct AuditVM: Encodable {
        var nav: NavVM
        var events: [AuditRowVM]
    }

    func auditPage(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let events = try await req.services.staff.audit(org: nil, workspace: nil, limit: 200, before: nil, by: userID)
        return try await req.page(
            "staff_audit", title: "Staff: audit log",
            AuditVM(nav: NavVM(active: "audit"), events: events.map(AuditRowVM.init)))
    }
}
