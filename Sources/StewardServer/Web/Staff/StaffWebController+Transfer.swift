import StewardCore
import StewardStore
import Vapor

/// The handoff screen: preview who goes and who stays, then transfer.
extension StaffWebController {
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
}
