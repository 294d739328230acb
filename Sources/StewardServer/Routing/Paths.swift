import Foundation
import StewardCore

/// Every page path, built in one place so links and redirects cannot drift from the routes. The
/// pages that emails and the services link to come from `SitePage` (StewardCore).
enum Paths {
    static let home = "/"
    static let workspaces = SitePage.workspaces.path
    static let register = "/register"
    static let logout = "/logout"
    static let orgsNew = "/orgs/new"

    static func login(next: String? = nil) -> String {
        guard let next, next != "/", next.hasPrefix("/"), !next.hasPrefix("//") else { return "/login" }
        return "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// ASCII letters, digits, `-` and `_`: everything else is percent-encoded.
    static let urlSafe = SitePage.urlSafe

    static func org(_ id: OrgID) -> String { SitePage.org(id).path }
    static func orgOverview(_ id: OrgID) -> String { "/orgs/\(id)/overview" }
    static func orgMembers(_ id: OrgID) -> String { SitePage.orgMembers(id).path }
    static func members(_ place: Place) -> String { place.membersPage.path }
    static func orgAudit(_ id: OrgID) -> String { "/orgs/\(id)/audit" }
    static func workspace(_ id: WorkspaceID) -> String { SitePage.workspace(id).path }
    static func workspaceMembers(_ id: WorkspaceID) -> String { SitePage.workspaceMembers(id).path }
    static func workspaceSettings(_ id: WorkspaceID) -> String { "/w/\(id)/settings" }
    static func workspaceAudit(_ id: WorkspaceID) -> String { "/w/\(id)/audit" }
    static func workspaceInviteLinks(_ id: WorkspaceID) -> String { "/w/\(id)/invite-links" }
    static func workspaceJoin(_ id: WorkspaceID) -> String { "/w/\(id)/join" }
    static func workspaceAccessRequests(_ id: WorkspaceID) -> String { "/w/\(id)/access-requests" }
    static func inviteResend(_ id: UUID) -> String { "/invites/\(id.uuidString.lowercased())/resend" }
    static func inviteCancel(_ id: UUID) -> String { "/invites/\(id.uuidString.lowercased())/cancel" }
    static func inviteLinkRevoke(_ id: UUID) -> String { "/invite-links/\(id.uuidString.lowercased())/revoke" }
    static func accessRequestApprove(_ id: UUID) -> String { "/access-requests/\(id.uuidString.lowercased())/approve" }
    static func accessRequestDeny(_ id: UUID) -> String { "/access-requests/\(id.uuidString.lowercased())/deny" }

    /// The accept page of an invitation token (tokens are base64url; anything else is escaped).
    static func invitation(_ token: String) -> String { SitePage.invitation(token: token).path }
    static func invitationAccept(_ token: String) -> String { invitation(token) + "/accept" }
    static func invitationDecline(_ token: String) -> String { invitation(token) + "/decline" }

    // Accounts
    static let account = SitePage.account().path
    static let accountProfile = "/account/profile"
    static let accountEmail = "/account/email"
    static let accountPassword = "/account/password"
    static let accountTokens = "/account/tokens"
    static let accountSignOutOthers = "/account/sessions/sign-out-others"
    static let accountVerifyResend = "/account/verify-email/resend"
    static let accountTwoFactor = "/account/two-factor"
    static let accountTwoFactorConfirm = "/account/two-factor/confirm"
    static let accountTwoFactorDisable = "/account/two-factor/disable"
    static let accountRecoveryCodes = "/account/two-factor/recovery-codes"
    static func accountSessionRevoke(_ id: UUID) -> String { "/account/sessions/\(id.uuidString.lowercased())/revoke" }
    static let loginTwoFactor = "/login/two-factor"
    static let resetPassword = SitePage.resetPassword().path
    static func resetPassword(_ token: String) -> String { SitePage.resetPassword(token: token).path }
    static func orgTwoFactorRequirement(_ id: OrgID) -> String { "/orgs/\(id)/two-factor-requirement" }

    static let devMailbox = "/dev/mailbox"
    static func devMailboxEmail(_ id: UUID) -> String { "/dev/mailbox/\(id.uuidString.lowercased())" }
    static func devMailboxHTML(_ id: UUID) -> String { devMailboxEmail(id) + "/html" }
    static func project(_ id: ProjectID) -> String { "/projects/\(id)" }
    static func projectEdit(_ id: ProjectID) -> String { "/projects/\(id)/edit" }
    static func conversation(_ id: ConversationID) -> String { "/conversations/\(id)" }
    static func report(_ id: ReportID) -> String { "/reports/\(id)" }

    // Partner program
    static func workspaceLogo(_ id: WorkspaceID) -> String { "/w/\(id)/logo" }
    static func workspaceLogoShown(_ id: WorkspaceID) -> String { "/w/\(id)/logo/shown" }
    static func workspaceLogoDelete(_ id: WorkspaceID) -> String { "/w/\(id)/logo/delete" }
    static func workspaceDataOwner(_ id: WorkspaceID) -> String { "/w/\(id)/data-owner" }
    static func projectMove(_ id: ProjectID) -> String { "/projects/\(id)/move" }
    static func portal(_ id: ProjectID) -> String { "/p/\(id)" }
    static func portalLogo(_ id: ProjectID) -> String { "/p/\(id)/logo" }

    // Billing
    static func workspaceBilling(_ id: WorkspaceID) -> String { "/w/\(id)/billing" }
    static func orgBilling(_ id: OrgID) -> String { SitePage.orgBilling(id).path }
    static func billingAccount(_ id: UUID) -> String { "/billing-accounts/\(id.uuidString.lowercased())" }
    static func billingAccount(_ id: UUID, month: String) -> String { billingAccount(id) + "?month=" + month }
    static func billingAccountPeriod(_ id: UUID) -> String { billingAccount(id) + "/period" }
    /// `workspace`: read through that workspace's invoices (its billing people on a pooled account).
    static func statementCSV(_ id: UUID, month: String, workspace: WorkspaceID? = nil) -> String {
        billingAccount(id) + "/statement.csv?month=" + month + (workspace.map { "&w=\($0)" } ?? "")
    }
    static func statementPrint(_ id: UUID, month: String, workspace: WorkspaceID? = nil) -> String {
        billingAccount(id) + "/statement/print?month=" + month + (workspace.map { "&w=\($0)" } ?? "")
    }

    // Staff console
    static let staff = "/staff"
    static let staffAudit = "/staff/audit"
    static let staffDeals = "/staff/referral-deals"
    static func staffOrg(_ id: OrgID) -> String { "/staff/orgs/\(id)" }
    static func staffPartnerFlag(_ id: OrgID) -> String { "/staff/orgs/\(id)/partner" }
    static func staffTier(_ accountID: String) -> String { "/staff/billing-accounts/\(accountID)/tier" }
    static func staffDeal(_ id: UUID) -> String { "/staff/referral-deals/\(id.uuidString.lowercased())" }
    static func staffDealDelete(_ id: UUID) -> String { staffDeal(id) + "/delete" }

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
