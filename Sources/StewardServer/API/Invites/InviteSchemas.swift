import StewardAPI
import StewardAPISupport
import StewardCore
import StewardStore

extension Components.Schemas.InviteLink {
    init(_ link: InviteLink) {
        self.init(
            id: link.id.uuidString.lowercased(),
            // Only when just created: the token is not stored.
            url: link.url, role: link.role.schema(), expiresAt: link.expiresAt,
            // Always written (API.md): null means no limit.
            maxUses: NullableInt(link.maxUses), uses: link.uses,
            createdBy: link.createdBy.map(Components.Schemas.User.init), status: link.status.schema())
    }
}

extension Components.Schemas.Invitation {
    init(_ view: InvitationView) {
        self.init(
            status: view.status.schema(), kind: view.kind.schema(), scope: view.scope.schema(), name: view.name,
            role: .init(
                value1: Components.Schemas.WorkspaceRole(rawValue: view.role),
                value2: Components.Schemas.OrgRole(rawValue: view.role)),
            email: view.email, invitedBy: view.inviterName, expiresAt: view.expiresAt)
    }
}

extension Components.Schemas.AcceptResult {
    init(_ result: AcceptResult) {
        self.init(
            outcome: result.outcome.schema(),
            role: .init(
                value1: Components.Schemas.WorkspaceRole(rawValue: result.role),
                value2: Components.Schemas.OrgRole(rawValue: result.role)),
            // The place joined: the workspace, or the organisation for an organisation invite.
            workspaceId: result.workspaceID?.description,
            orgId: result.workspaceID == nil ? result.orgID.description : nil)
    }
}

extension Components.Schemas.AccessRequest {
    init(_ request: AccessRequest) {
        self.init(
            id: request.id.uuidString.lowercased(), workspaceId: request.workspaceID.description,
            workspaceName: request.workspaceName, user: .init(request.requester), message: request.message,
            status: request.status.schema(), createdAt: request.createdAt)
    }
}
