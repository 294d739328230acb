import Foundation
import StewardCore

/// Typed links to the page routes. Every path comes from its `SiteRoute` (or, for the pages that
/// emails and the services link to, from `SitePage`, which a test matches to the routes), so no
/// path is spelled twice.
enum Paths {
    static let home = SiteRoute.home.path()
    static let workspaces = SitePage.workspaces.path
    static let register = SiteRoute.register.path()
    static let logout = SiteRoute.logout.path()
    static let orgsNew = SiteRoute.newOrg.path()
    static let orgs = SiteRoute.createOrg.path()

    static func login(next: String? = nil) -> String {
        let login = SiteRoute.login.path()
        guard let next, next != "/", next.hasPrefix("/"), !next.hasPrefix("//") else { return login }
        return login + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// ASCII letters, digits, `-` and `_`: everything else is percent-encoded.
    static let urlSafe = SitePage.urlSafe

    static func org(_ id: OrgID) -> String { SitePage.org(id).path }
    static func orgOverview(_ id: OrgID) -> String { SiteRoute.orgOverview.path(id) }
    static func orgMembers(_ id: OrgID) -> String { SitePage.orgMembers(id).path }
    static func members(_ place: Place) -> String { place.membersPage.path }
    static func orgAudit(_ id: OrgID) -> String { SiteRoute.orgAudit.path(id) }
    static func workspace(_ id: WorkspaceID) -> String { SitePage.workspace(id).path }
    static func workspaceMembers(_ id: WorkspaceID) -> String { SitePage.workspaceMembers(id).path }
    static func workspaceSettings(_ id: WorkspaceID) -> String { SiteRoute.workspaceSettings.path(id) }
    static func workspaceAudit(_ id: WorkspaceID) -> String { SiteRoute.workspaceAudit.path(id) }
    static func workspaceInviteLinks(_ id: WorkspaceID) -> String { SiteRoute.createInviteLink.path(id) }
    static func workspaceJoin(_ id: WorkspaceID) -> String { SiteRoute.joinWorkspace.path(id) }
    static func workspaceAccessRequests(_ id: WorkspaceID) -> String { SiteRoute.requestAccess.path(id) }
    static func inviteResend(_ id: UUID) -> String { SiteRoute.resendInvite.path(id) }
    static func inviteCancel(_ id: UUID) -> String { SiteRoute.cancelInvite.path(id) }
    static func inviteLinkRevoke(_ id: UUID) -> String { SiteRoute.revokeInviteLink.path(id) }
    static func accessRequestApprove(_ id: UUID) -> String { SiteRoute.approveAccessRequest.path(id) }
    static func accessRequestDeny(_ id: UUID) -> String { SiteRoute.denyAccessRequest.path(id) }

    /// The accept page of an invitation token (tokens are base64url; anything else is escaped).
    static func invitation(_ token: String) -> String { SitePage.invitation(token: token).path }
    static func invitationAccept(_ token: String) -> String { SiteRoute.acceptInvitation.path(token) }
    static func invitationDecline(_ token: String) -> String { SiteRoute.declineInvitation.path(token) }

    // Accounts
    static let account = SitePage.account().path
    static let accountProfile = SiteRoute.updateProfile.path()
    static let accountEmail = SiteRoute.changeEmail.path()
    static let accountPassword = SiteRoute.changePassword.path()
    static let accountTokens = SiteRoute.createToken.path()
    static let accountSignOutOthers = SiteRoute.signOutOthers.path()
    static let accountVerifyResend = SiteRoute.resendVerification.path()
    static let accountTwoFactor = SiteRoute.accountTwoFactor.path()
    static let accountTwoFactorConfirm = SiteRoute.confirmTwoFactor.path()
    static let accountTwoFactorDisable = SiteRoute.disableTwoFactor.path()
    static let accountRecoveryCodes = SiteRoute.regenerateRecoveryCodes.path()
    static func accountSessionRevoke(_ id: UUID) -> String { SiteRoute.revokeSession.path(id) }
    static let loginTwoFactor = SiteRoute.loginTwoFactor.path()
    static let resetPassword = SitePage.resetPassword().path
    static func resetPassword(_ token: String) -> String { SitePage.resetPassword(token: token).path }
    static func orgTwoFactorRequirement(_ id: OrgID) -> String { SiteRoute.setOrgRequirement.path(id) }

    static let devMailbox = SiteRoute.devMailbox.path()
    static func devMailboxEmail(_ id: UUID) -> String { SiteRoute.devMailboxEmail.path(id) }
    static func devMailboxHTML(_ id: UUID) -> String { SiteRoute.devMailboxHTML.path(id) }
    static func devMailboxBrandLogo(_ id: UUID) -> String { SiteRoute.devMailboxBrandLogo.path(id) }
    static func project(_ id: ProjectID) -> String { SiteRoute.project.path(id) }
    static func projectEdit(_ id: ProjectID) -> String { SiteRoute.editProject.path(id) }
    static func conversation(_ id: ConversationID) -> String { SiteRoute.conversation.path(id) }
    static func report(_ id: ReportID) -> String { SiteRoute.report.path(id) }

    // Partner program
    static func workspaceLogo(_ id: WorkspaceID) -> String { SiteRoute.workspaceLogo.path(id) }
    static func workspaceLogoShown(_ id: WorkspaceID) -> String { SiteRoute.workspaceLogoShown.path(id) }
    static func workspaceLogoDelete(_ id: WorkspaceID) -> String { SiteRoute.deleteWorkspaceLogo.path(id) }
    static func workspaceDataOwner(_ id: WorkspaceID) -> String { SiteRoute.updateDataOwner.path(id) }
    static func projectMove(_ id: ProjectID) -> String { SiteRoute.moveProject.path(id) }
    static func portal(_ id: ProjectID) -> String { SiteRoute.portal.path(id) }
    static func portalLogo(_ id: ProjectID) -> String { SiteRoute.portalLogo.path(id) }

    // Billing
    static func workspaceBilling(_ id: WorkspaceID) -> String { SiteRoute.workspaceBilling.path(id) }
    static func orgBilling(_ id: OrgID) -> String { SitePage.orgBilling(id).path }
    static func billingAccount(_ id: UUID) -> String { SiteRoute.billingAccount.path(id) }
    static func billingAccount(_ id: UUID, month: String) -> String { billingAccount(id) + "?month=" + month }
    static func billingAccountPeriod(_ id: UUID) -> String { SiteRoute.setBillingPeriod.path(id) }
    /// `workspace`: read through that workspace's invoices (its billing people on a pooled account).
    static func statementCSV(_ id: UUID, month: String, workspace: WorkspaceID? = nil) -> String {
        SiteRoute.statementCSV.path(id) + "?month=" + month + (workspace.map { "&w=\($0)" } ?? "")
    }
    static func statementPrint(_ id: UUID, month: String, workspace: WorkspaceID? = nil) -> String {
        SiteRoute.statementPrint.path(id) + "?month=" + month + (workspace.map { "&w=\($0)" } ?? "")
    }

    // Staff console
    static let staff = SiteRoute.staffOrgs.path()
    static let staffAudit = SiteRoute.staffAudit.path()
    static let staffDeals = SiteRoute.staffDeals.path()
    static func staffOrg(_ id: OrgID) -> String { SiteRoute.staffOrg.path(id) }
    static func staffPartnerFlag(_ id: OrgID) -> String { SiteRoute.setPartnerFlag.path(id) }
    static func staffTier(_ accountID: String) -> String { SiteRoute.staffSetTier.path(accountID) }
    static func staffDeal(_ id: UUID) -> String { SiteRoute.staffDeal.path(id) }
    static func staffDealDelete(_ id: UUID) -> String { SiteRoute.deleteStaffDeal.path(id) }

    /// Only same-site relative paths are followed after sign-in.
    /// A same-site path to continue to (NOTES §12). Browsers drop tabs and newlines from URLs, so
    /// "/\t/evil.example" would become "//evil.example": any control or space character is refused.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"),
            !raw.unicodeScalars.contains(where: {
                CharacterSet.controlCharacters.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0)
            })
        else { return workspaces }
        return raw
    }
}
