import Foundation
import StewardCore
import StewardStore
import Vapor

struct NewOrgVM: Encodable {
    var firstOrganisation: Bool
    var createPath = Paths.orgs
}

struct NameForm: Content {
    var name: String?
    var visibility: String?
    var description: String?
}

struct OrgPageVM: Encodable {
    var id: String
    var name: String
    var role: RoleBadgeVM
    /// Every workspace this person may know about, with what they can do about it.
    var workspaces: [DiscoveryItemVM]
    var workspacesPager: PagerVM
    var canCreateWorkspace: Bool
    var canRename: Bool
    var canRestrictVisibility: Bool
    var tier: String
    var membersPath: String
    var auditPath: String
    var showAudit: Bool
    var createWorkspacePath: String
    var renamePath: String
    var visibilityOptions: [RoleOptionVM]
    var showOverview: Bool
    var overviewPath: String
    /// Internal workspaces need org owner/admin; the external-client kind also opens to
    /// owners/admins of the partner organisation's workspaces.
    var canCreateInternal: Bool
    var mayCreateExternalClient: Bool
    /// The partner's referral deals, for roles that view billing (read-only).
    var showDeals: Bool
    var deals: [PartnerWebController.DealRowVM]
    /// Org owners/admins/billing see the organisation's billing accounts.
    var showBilling: Bool
    var billingPath: String
    /// The organisation's logo: the branding its internal workspaces inherit.
    var logoPath: String?
    var logoUploadPath: String
    var logoDeletePath: String
    /// The owner's two-factor requirement control (NOTES §12).
    var security: SecurityVM?

    struct SecurityVM: Encodable {
        var required: Bool
        var path: String
        /// The owner's own two-factor is on: required before they can require it of others.
        var ownerHasTwoFactor: Bool
        var accountPath = Paths.account
    }
}

struct CreateWorkspaceForm: Content {
    var name: String?
    var visibility: String?
    /// "Is this for an external client?" and its three fields.
    var externalClient: String?
    var clientOrgName: String?
    var dataOwnerEmail: String?
    var partnerAgreementAccepted: String?
}

struct AuditPageVM: Encodable {
    var tabs: WorkspaceTabsVM?
    var heading: String
    var backPath: String
    var events: [AuditRowVM]
    var pager: PagerVM

    /// From events fetched with one extra (`limit + 1`).
    init(
        _ req: Request, tabs: WorkspaceTabsVM?, heading: String, backPath: String, fetched: [AuditEvent], limit: Int
    ) {
        let page = ListPage(fetched: fetched, limit: limit) { PageCursor([String($0.sequence)]) }
        self.tabs = tabs
        self.heading = heading
        self.backPath = backPath
        events = page.items.map(AuditRowVM.init)
        pager = PagerVM(req, next: page.next, label: "Older events")
    }
}
