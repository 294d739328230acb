import StewardCore
import StewardStore
import Vapor

/// The referral ledger: deals between partners and their client workspaces.
extension StaffWebController {
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

    func dealForm(
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
        let id = try req.uuidParameter("dealId", "That deal")
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
        let id = try req.uuidParameter("dealId", "That deal")
        _ = try await req.services.staff.updateDeal(id, try req.form(DealForm.self).fields(), by: userID)
        return req.see(Paths.staffDeal(id), notice: "Referral deal saved.")
    }

    func deleteDeal(req: Request) async throws -> Response {
        let userID = try await requireStaff(req)
        try await req.services.staff.deleteDeal(try req.uuidParameter("dealId", "That deal"), by: userID)
        return req.see(Paths.staffDeals, notice: "Referral deal deleted.")
    }
}
