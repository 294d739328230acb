import Vapor

extension SiteRoute {
    // MARK: Account
    static let account = SiteRoute(.GET, "/account")
    static let updateProfile = SiteRoute(.POST, "/account/profile")
    static let changeEmail = SiteRoute(.POST, "/account/email")
    static let changePassword = SiteRoute(.POST, "/account/password")
    static let resendVerification = SiteRoute(.POST, "/account/verify-email/resend")
    static let createToken = SiteRoute(.POST, "/account/tokens")
    static let signOutOthers = SiteRoute(.POST, "/account/sessions/sign-out-others")
    static let revokeSession = SiteRoute(.POST, "/account/sessions/:sessionId/revoke")
    static let accountTwoFactor = SiteRoute(.GET, "/account/two-factor")
    static let confirmTwoFactor = SiteRoute(.POST, "/account/two-factor/confirm")
    static let disableTwoFactor = SiteRoute(.POST, "/account/two-factor/disable")
    static let regenerateRecoveryCodes = SiteRoute(.POST, "/account/two-factor/recovery-codes")
    static let setOrgRequirement = SiteRoute(.POST, "/orgs/:orgId/two-factor-requirement")
    static let login = SiteRoute(.GET, "/login")
    static let signIn = SiteRoute(.POST, "/login")
    static let loginTwoFactor = SiteRoute(.GET, "/login/two-factor")
    static let confirmSignInCode = SiteRoute(.POST, "/login/two-factor")
    static let register = SiteRoute(.GET, "/register")
    static let createAccount = SiteRoute(.POST, "/register")
    static let logout = SiteRoute(.POST, "/logout")
    static let forgotPassword = SiteRoute(.GET, "/reset-password")
    static let sendResetLink = SiteRoute(.POST, "/reset-password")
    static let resetPassword = SiteRoute(.GET, "/reset-password/:token")
    static let setNewPassword = SiteRoute(.POST, "/reset-password/:token")
    static let verifyEmail = SiteRoute(.GET, "/verify-email/:token")

    // MARK: Billing
    static let workspaceBilling = SiteRoute(.GET, "/w/:id/billing")
    static let orgBilling = SiteRoute(.GET, "/orgs/:orgId/billing")
    static let billingAccount = SiteRoute(.GET, "/billing-accounts/:accountId")
    static let setBillingPeriod = SiteRoute(.POST, "/billing-accounts/:accountId/period")
    static let statementCSV = SiteRoute(.GET, "/billing-accounts/:accountId/statement.csv")
    static let statementPrint = SiteRoute(.GET, "/billing-accounts/:accountId/statement/print")
    static let requestUpgrade = SiteRoute(.POST, "/orgs/:orgId/upgrade-requests")
    static let approveUpgrade = SiteRoute(.POST, "/upgrade-requests/:requestId/approve")
    static let denyUpgrade = SiteRoute(.POST, "/upgrade-requests/:requestId/deny")

    // MARK: Dev
    static let devMailbox = SiteRoute(.GET, "/dev/mailbox")
    static let devMailboxEmail = SiteRoute(.GET, "/dev/mailbox/:emailId")
    static let devMailboxHTML = SiteRoute(.GET, "/dev/mailbox/:emailId/html")
    static let devMailboxBrandLogo = SiteRoute(.GET, "/dev/mailbox/:emailId/brand-logo")

    // MARK: Invites
    static let invitation = SiteRoute(.GET, "/invitations/:token")
    static let acceptInvitation = SiteRoute(.POST, "/invitations/:token/accept")
    static let declineInvitation = SiteRoute(.POST, "/invitations/:token/decline")
    static let createInviteLink = SiteRoute(.POST, "/w/:id/invite-links")
    static let revokeInviteLink = SiteRoute(.POST, "/invite-links/:linkId/revoke")
    static let resendInvite = SiteRoute(.POST, "/invites/:inviteId/resend")
    static let cancelInvite = SiteRoute(.POST, "/invites/:inviteId/cancel")
    static let joinWorkspace = SiteRoute(.POST, "/w/:id/join")
    static let requestAccess = SiteRoute(.POST, "/w/:id/access-requests")
    static let approveAccessRequest = SiteRoute(.POST, "/access-requests/:requestId/approve")
    static let denyAccessRequest = SiteRoute(.POST, "/access-requests/:requestId/deny")

    // MARK: Orgs
    static let orgOverview = SiteRoute(.GET, "/orgs/:orgId/overview")
    static let newOrg = SiteRoute(.GET, "/orgs/new")
    static let createOrg = SiteRoute(.POST, "/orgs")
    static let org = SiteRoute(.GET, "/orgs/:orgId")
    static let renameOrg = SiteRoute(.POST, "/orgs/:orgId")
    static let createWorkspace = SiteRoute(.POST, "/orgs/:orgId/workspaces")
    static let orgAudit = SiteRoute(.GET, "/orgs/:orgId/audit")

    // MARK: Partner
    static let workspaceLogo = SiteRoute(.GET, "/w/:id/logo")
    static let workspaceLogoShown = SiteRoute(.GET, "/w/:id/logo/shown")
    static let uploadWorkspaceLogo = SiteRoute(.POST, "/w/:id/logo")
    static let deleteWorkspaceLogo = SiteRoute(.POST, "/w/:id/logo/delete")
    static let orgLogo = SiteRoute(.GET, "/orgs/:orgId/logo")
    static let uploadOrgLogo = SiteRoute(.POST, "/orgs/:orgId/logo")
    static let deleteOrgLogo = SiteRoute(.POST, "/orgs/:orgId/logo/delete")
    static let updateDataOwner = SiteRoute(.POST, "/w/:id/data-owner")
    static let moveProject = SiteRoute(.POST, "/projects/:id/move")
    static let portal = SiteRoute(.GET, "/p/:projectId")
    static let contributeToPortal = SiteRoute(.POST, "/p/:projectId")
    static let portalLogo = SiteRoute(.GET, "/p/:projectId/logo")

    // MARK: Staff
    static let staffOrgs = SiteRoute(.GET, "/staff")
    static let staffOrg = SiteRoute(.GET, "/staff/orgs/:orgId")
    static let setPartnerFlag = SiteRoute(.POST, "/staff/orgs/:orgId/partner")
    static let staffSetTier = SiteRoute(.POST, "/staff/billing-accounts/:accountId/tier")
    static let staffAudit = SiteRoute(.GET, "/staff/audit")
    static let staffDeals = SiteRoute(.GET, "/staff/referral-deals")
    static let createStaffDeal = SiteRoute(.POST, "/staff/referral-deals")
    static let staffDeal = SiteRoute(.GET, "/staff/referral-deals/:dealId")
    static let updateStaffDeal = SiteRoute(.POST, "/staff/referral-deals/:dealId")
    static let deleteStaffDeal = SiteRoute(.POST, "/staff/referral-deals/:dealId/delete")
    static let staffTransfer = SiteRoute(.GET, "/staff/workspaces/:id/transfer")
    static let transferWorkspace = SiteRoute(.POST, "/staff/workspaces/:id/transfer")

    // MARK: Work
    static let conversation = SiteRoute(.GET, "/conversations/:id")
    static let deleteConversation = SiteRoute(.POST, "/conversations/:id/delete")
    static let report = SiteRoute(.GET, "/reports/:id")
    static let publishReport = SiteRoute(.POST, "/reports/:id/publish")
    static let deleteReport = SiteRoute(.POST, "/reports/:id/delete")
    static let project = SiteRoute(.GET, "/projects/:id")
    static let editProject = SiteRoute(.GET, "/projects/:id/edit")
    static let saveProject = SiteRoute(.POST, "/projects/:id/edit")
    static let deleteProject = SiteRoute(.POST, "/projects/:id/delete")
    static let recordConversation = SiteRoute(.POST, "/projects/:id/conversations")
    static let buildReport = SiteRoute(.POST, "/projects/:id/reports")
    static let askProject = SiteRoute(.POST, "/projects/:id/ask")

    // MARK: Workspaces
    static let home = SiteRoute(.GET, "/")
    static let workspaces = SiteRoute(.GET, "/workspaces")
    static let workspace = SiteRoute(.GET, "/w/:id")
    static let createProject = SiteRoute(.POST, "/w/:id/projects")
    static let workspaceSettings = SiteRoute(.GET, "/w/:id/settings")
    static let updateWorkspaceSettings = SiteRoute(.POST, "/w/:id/settings")
    static let workspaceAudit = SiteRoute(.GET, "/w/:id/audit")

    /// Every page route; the members routes of both places come from `PlaceParameter`.
    static let pages: [SiteRoute] =
        [
            .account, .updateProfile, .changeEmail, .changePassword, .resendVerification, .createToken, .signOutOthers,
            .revokeSession, .accountTwoFactor, .confirmTwoFactor, .disableTwoFactor, .regenerateRecoveryCodes,
            .setOrgRequirement, .login, .signIn, .loginTwoFactor, .confirmSignInCode, .register, .createAccount,
            .logout, .forgotPassword, .sendResetLink, .resetPassword, .setNewPassword, .verifyEmail, .workspaceBilling,
            .orgBilling, .billingAccount, .setBillingPeriod, .statementCSV, .statementPrint, .requestUpgrade,
            .approveUpgrade, .denyUpgrade, .devMailbox, .devMailboxEmail, .devMailboxHTML, .devMailboxBrandLogo,
            .invitation,
            .acceptInvitation, .declineInvitation, .createInviteLink, .revokeInviteLink, .resendInvite, .cancelInvite,
            .joinWorkspace, .requestAccess, .approveAccessRequest, .denyAccessRequest, .orgOverview, .newOrg,
            .createOrg, .org, .renameOrg, .createWorkspace, .orgAudit, .workspaceLogo, .workspaceLogoShown,
            .uploadWorkspaceLogo, .deleteWorkspaceLogo, .orgLogo, .uploadOrgLogo, .deleteOrgLogo, .updateDataOwner,
            .moveProject, .portal, .contributeToPortal, .portalLogo, .staffOrgs, .staffOrg, .setPartnerFlag,
            .staffSetTier, .staffAudit, .staffDeals, .createStaffDeal, .staffDeal, .updateStaffDeal, .deleteStaffDeal,
            .staffTransfer, .transferWorkspace, .conversation, .deleteConversation, .report, .publishReport,
            .deleteReport, .project, .editProject, .saveProject, .deleteProject, .recordConversation, .buildReport,
            .askProject, .home, .workspaces, .workspace, .createProject, .workspaceSettings, .updateWorkspaceSettings,
            .workspaceAudit,
        ]
        + PlaceParameter.allCases.flatMap(\.memberRoutes)
}
