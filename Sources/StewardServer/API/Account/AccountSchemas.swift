import Foundation
import StewardAPI
import StewardCore
import StewardStore

// The generated twins of StewardStore's `CreatedAPIToken`, `TwoFactorEnrolment` and `MyInvite`
// share their names, so the domain types are named with their module here.

extension Components.Schemas.Me {
    /// The signed-in person's own account: what only they (and nobody listing members) see.
    /// `pendingEmail` is a new address waiting for verification, if they asked to move the account.
    init(_ user: User, pendingEmail: String? = nil) {
        self.init(
            id: user.id.description, email: user.email, name: user.name, isStaff: user.isStaff,
            emailVerified: user.emailVerified, twoFactorEnabled: user.twoFactorEnabled, pendingEmail: pendingEmail)
    }
}

extension Components.Schemas.Session {
    init(_ session: AccountSession) {
        self.init(
            id: session.id.uuidString.lowercased(), kind: session.kind.schema(), name: session.name,
            device: session.device, createdAt: session.createdAt, lastUsedAt: session.lastUsedAt,
            expiresAt: session.expiresAt, current: session.current)
    }
}

extension Components.Schemas.CreatedAPIToken {
    init(_ created: StewardStore.CreatedAPIToken) {
        self.init(
            id: created.id.uuidString.lowercased(), name: created.name, token: created.token,
            expiresAt: created.expiresAt)
    }
}

extension Components.Schemas.TwoFactorEnrolment {
    init(_ enrolment: StewardStore.TwoFactorEnrolment) {
        self.init(secret: enrolment.secret, otpauthUrl: enrolment.otpauthURL, qrSvg: enrolment.qrSVG)
    }
}

extension Components.Schemas.MyInvite {
    init(_ invite: StewardStore.MyInvite) {
        self.init(
            id: invite.id.uuidString.lowercased(), token: invite.token, scope: invite.scope.schema(),
            name: invite.name,
            // A workspace role for a workspace invite, an organisation role for an organisation one.
            role: .init(
                value1: Components.Schemas.WorkspaceRole(rawValue: invite.role),
                value2: Components.Schemas.OrgRole(rawValue: invite.role)),
            invitedBy: invite.invitedBy, expiresAt: invite.expiresAt)
    }
}
