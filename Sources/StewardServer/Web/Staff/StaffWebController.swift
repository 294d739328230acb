import StewardCore
import StewardStore
import Vapor

/// The staff console (NOTES §2, §8). Every handler first asks whether the person is staff;
/// everyone else gets the ordinary 404 page. Staff status opens this console and no content: the
/// console links to no workspace's projects, members or work.
struct StaffWebController {
    func register(signedIn app: any RoutesBuilder) {
        let staff = app.grouped("staff")
        staff.get(use: orgsPage)
        staff.get("orgs", ":orgId", use: orgPage)
        staff.post("orgs", ":orgId", "partner", use: setPartner)
        staff.post("billing-accounts", ":accountId", "tier", use: setTier)
        staff.get("audit", use: auditPage)
        staff.get("referral-deals", use: dealsPage)
        staff.post("referral-deals", use: createDeal)
        staff.get("referral-deals", ":dealId", use: dealPage)
        staff.post("referral-deals", ":dealId", use: updateDeal)
        staff.post("referral-deals", ":dealId", "delete", use: deleteDeal)
        staff.get("workspaces", ":id", "transfer", use: transferPage)
        staff.post("workspaces", ":id", "transfer", use: transfer)
    }

    // MARK: Handoff

    struct TransferVM: Encodable {
        struct Person: Encodable {
            var name: String
            var email: String
        }
        var nav: NavVM
        var workspaceName: String
        var clientOrgName: String
        var dataOwnerEmail: String
        var newOrgName: String
        var targetOrgId: String
        var keep: Bool
        var formPath: String
        var previewReady: Bool
        var newOwner: Person?
        var targetOrgName: String
        var removed: [Person]
        var kept: [Person]
        var error: String?
        /// Why the handoff would be refused as previewed (the data owner's address unproven).
        var blockers: [String] = []
    }

    /// The transfer screen: choose where the workspace goes, see who will be removed or kept as
    /// external, then confirm (NOTES §8).
    func transferPage(req: Request) async throws -> Response {
        let staff = try await requireStaff(req)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let workspace = try await req.services.staff.workspace(id, by: staff)
        guard let owner = workspace.dataOwner else { throw DomainError.notFound("That workspace") }
        let newOrgName = req.query[String.self, at: "newOrgName"] ?? owner.clientOrgName
        let targetOrgID = req.query[String.self, at: "targetOrgId"] ?? ""
        let keep = req.query[String.self, at: "keep"] == "true"
        var vm = TransferVM(
            nav: NavVM(active: "orgs"), workspaceName: workspace.name, clientOrgName: owner.clientOrgName,
            dataOwnerEmail: owner.email, newOrgName: newOrgName, targetOrgId: targetOrgID, keep: keep,
            formPath: "/staff/workspaces/\(id)/transfer", previewReady: false, newOwner: nil, targetOrgName: "",
            removed: [], kept: [], error: nil)
        if req.query[String.self, at: "preview"] != nil {
            do {
                let preview = try await req.services.staff.transferPreview(
                    id, targetOrgID: targetOrgID.isEmpty ? nil : targetOrgID,
                    newOrgName: targetOrgID.isEmpty ? newOrgName : nil, keepPartnerMembersAsExternal: keep, by: staff)
                vm.previewReady = true
                vm.newOwner = .init(name: preview.newOwner.name, email: preview.newOwner.email)
                vm.targetOrgName = preview.targetOrgName
                vm.removed = preview.removed.map { .init(name: $0.name, email: $0.email) }
                vm.kept = preview.keptAsExternal.map { .init(name: $0.name, email: $0.email) }
                vm.blockers = preview.blockers.map(\.detail)
            } catch let error as DomainError {
                vm.error =
                    error.fieldErrors.isEmpty
                    ? error.detail : error.fieldErrors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            }
        }
        return try await req.page("staff_transfer", title: "Hand over \(workspace.name)", vm)
    }

    struct TransferForm: Content {
        var newOrgName: String?
        var targetOrgId: String?
        var keep: String?
    }

    func transfer(req: Request) async throws -> Response {
        let staff = try await requireStaff(req)
        let form = try req.form(TransferForm.self)
        let target = form.targetOrgId.flatMap { $0.isEmpty ? nil : $0 }
        let (workspace, org) = try await req.services.staff.transfer(
            try req.id("id", "That workspace"), targetOrgID: target, newOrgName: target == nil ? form.newOrgName : nil,
            keepPartnerMembersAsExternal: form.keep == "true", by: staff)
        return req.see(
            "/staff/orgs/\(org)",
            notice: "“\(workspace.name)” now belongs to this organisation; both sides were emailed.")
    }

    /// Not staff: the same 404 as any unknown page, before anything else is read.
    private func requireStaff(_ req: Request) async throws -> UserID {
        let userID = try req.userID
        guard try await req.services.staff.isStaff(userID) else { throw DomainError.notFound("That page") }
        return userID
    }

    private func uuid(_ req: Request, _ name: String, _ what: String) throws -> UUID {
        guard let raw = req.parameters.get(name), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound(what)
        }
        return id
    }

    struct NavVM: Encodable {
        var orgs = Paths.staff
        var deals = Paths.staffDeals
        var audit = Paths.staffAudit
        var active: String
    }

    // MARK: Organisations

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
        let id = try uuid(req, "accountId", "That billing account")
        let form = try req.form(TierForm.self)
        let (tier, affected) = try await req.services.staff.setTier(
            id, tier: form.tier, reason: form.reason, by: userID)
        let back = form.back.map { Paths.safeNext($0) } ?? Paths.staff
        return req.see(
            back.hasPrefix(Paths.staff) ? back : Paths.staff,
            notice: "Tier set to \(tier.displayName) for \(affected) workspace\(affected == 1 ? "" : "s").")
    }

    // MARK: Audit

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

    // MARK: Referral deals

    struct OptionGroupVM: Encodable {
        var label: String
        var options: [RoleOptionVM]
    }

    struct DealFormVM: Encodable {
        var id: String
        var action: String
        var submitLabel: String
        var partners: [RoleOptionVM]
        var workspaceGroups: [OptionGroupVM]
        var kickbackPercent: String
        var discountPercent: String
        var kickbackCapEur: String
        var startsAt: String
        var expiresAt: String
        var notes: String
        var csrf: String
    }

    struct DealListRowVM: Encodable {
        var deal: PartnerWebController.DealRowVM
        var editPath: String
        var deletePath: String
    }

    struct DealsVM: Encodable {
        var nav: NavVM
        var deals: [DealListRowVM]
        var form: DealFormVM
        var hasPartners: Bool
    }

    struct DealVM: Encodable {
        var nav: NavVM
        var deal: PartnerWebController.DealRowVM
        var form: DealFormVM
        var backPath: String
        var deletePath: String
    }

    static func day(_ date: Date?) -> String {
        guard let date else { return "" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    private func dealForm(
        _ req: Request, userID: UserID, deal: ReferralDeal?, action: String, submitLabel: String
    ) async throws -> DealFormVM {
        let partners = try await req.services.staff.partners(by: userID)
        let number = { (value: Double?) in value.map(PartnerWebController.DealRowVM.number) ?? "" }
        return DealFormVM(
            id: deal.map { $0.id.uuidString.lowercased() } ?? "new", action: action, submitLabel: submitLabel,
            partners: partners.map {
                RoleOptionVM(
                    value: $0.org.id.description, label: $0.org.name, summary: "",
                    selected: $0.org.id == deal?.partnerOrgID)
            },
            workspaceGroups: partners.map { p in
                OptionGroupVM(
                    label: p.org.name,
                    options: p.clientWorkspaces.map {
                        RoleOptionVM(
                            value: $0.id.description, label: $0.name, summary: "",
                            selected: $0.id == deal?.clientWorkspaceID)
                    })
            }.filter { !$0.options.isEmpty }, kickbackPercent: number(deal?.kickbackPercent),
            discountPercent: number(deal?.discountPercent), kickbackCapEur: number(deal?.kickbackCapEur),
            startsAt: Self.day(deal?.startsAt ?? Date()), expiresAt: Self.day(deal?.expiresAt),
            notes: deal?.notes ?? "",
            csrf: req.csrfToken)
    }

    func dealsPage(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let deals = try await req.services.staff.deals(by: userID)
        let form = try await dealForm(
            req, userID: userID, deal: nil, action: Paths.staffDeals, submitLabel: "Create deal")
        return try await req.page(
            "staff_deals", title: "Staff: referral deals",
            DealsVM(
                nav: NavVM(active: "deals"),
                deals: deals.map {
                    DealListRowVM(
                        deal: PartnerWebController.DealRowVM($0), editPath: Paths.staffDeal($0.id),
                        deletePath: Paths.staffDealDelete($0.id))
                }, form: form, hasPartners: !form.partners.isEmpty))
    }

    func dealPage(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let id = try uuid(req, "dealId", "That deal")
        guard let deal = try await req.services.staff.deals(by: userID).first(where: { $0.id == id }) else {
            throw DomainError.notFound("That deal")
        }
        return try await req.page(
            "staff_deal", title: "Staff: referral deal",
            DealVM(
                nav: NavVM(active: "deals"), deal: PartnerWebController.DealRowVM(deal),
                form: try await dealForm(
                    req, userID: userID, deal: deal, action: Paths.staffDeal(id), submitLabel: "Save deal"),
                backPath: Paths.staffDeals, deletePath: Paths.staffDealDelete(id)))
    }

    struct DealForm: Content {
        var partnerOrgId: String?
        var clientWorkspaceId: String?
        var kickbackPercent: String?
        var discountPercent: String?
        var kickbackCapEur: String?
        var startsAt: String?
        var expiresAt: String?
        var notes: String?

        func fields() throws -> ReferralDealFields {
            var v = Validator()
            func number(_ raw: String?, _ field: String) -> Double? {
                guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                guard let value = Double(raw.replacingOccurrences(of: ",", with: ".")) else {
                    v.fail(field, "must be a number")
                    return nil
                }
                return value
            }
            func date(_ raw: String?, _ field: String) -> Date? {
                guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "UTC")
                f.dateFormat = "yyyy-MM-dd"
                guard let value = f.date(from: raw) else {
                    v.fail(field, "must be a date (YYYY-MM-DD)")
                    return nil
                }
                return value
            }
            let fields = ReferralDealFields(
                partnerOrgID: partnerOrgId.flatMap { $0.isEmpty ? nil : $0 },
                clientWorkspaceID: clientWorkspaceId.flatMap { $0.isEmpty ? nil : $0 },
                kickbackPercent: number(kickbackPercent, "kickbackPercent"),
                discountPercent: number(discountPercent, "discountPercent"),
                kickbackCapEur: number(kickbackCapEur, "kickbackCapEur"), startsAt: date(startsAt, "startsAt"),
                expiresAt: date(expiresAt, "expiresAt"), notes: notes ?? "")
            try v.check()
            return fields
        }
    }

    func createDeal(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        _ = try await req.services.staff.createDeal(try req.form(DealForm.self).fields(), by: userID)
        return req.see(Paths.staffDeals, notice: "Referral deal created.")
    }

    func updateDeal(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        let id = try uuid(req, "dealId", "That deal")
        _ = try await req.services.staff.updateDeal(id, try req.form(DealForm.self).fields(), by: userID)
        return req.see(Paths.staffDeal(id), notice: "Referral deal saved.")
    }

    func deleteDeal(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        try await req.services.staff.deleteDeal(try uuid(req, "dealId", "That deal"), by: userID)
        return req.see(Paths.staffDeals, notice: "Referral deal deleted.")
    }
}
