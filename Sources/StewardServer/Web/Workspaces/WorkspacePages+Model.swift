import Foundation
import StewardCore
import StewardStore
import Vapor

struct WorkspacesVM: Encodable {
    struct Item: Encodable {
        var name: String
        var path: String
        var role: RoleBadgeVM
        var visibility: String
        var kind: String
        /// The signed-in person is this external-client workspace's data owner.
        var isDataOwner: Bool
    }
    struct Group: Encodable {
        var orgName: String
        var orgPath: String
        var orgRole: String?
        var canCreateWorkspace: Bool
        var workspaces: [Item]
    }
    var groups: [Group]
    var isEmpty: Bool
    var pager: PagerVM
    var newOrgPath: String
    /// Live invites addressed to this person.
    var invitations: [MyInvitationVM]
}

struct WorkspacePageVM: Encodable {
    struct ProjectItem: Encodable {
        var name: String
        var description: String
        var path: String
        var created: String
    }
    var tabs: WorkspaceTabsVM
    var canViewProjects: Bool
    var canCreateProjects: Bool
    var projects: [ProjectItem]
    var projectsPager: PagerVM
    var createPath: String
    var usage: UsageVM?
}

struct UsageVM: Encodable {
    struct RoleCount: Encodable {
        var role: String
        var count: Int
    }
    var seatsUsed: Int
    var observers: Int
    var projects: Int
    var conversations: Int
    var tier: String
    var byRole: [RoleCount]
}

struct SettingsVM: Encodable {
    var tabs: WorkspaceTabsVM
    var name: String
    var savePath: String
    var visibilityOptions: [RoleOptionVM]
    var canRestrict: Bool
    var tier: String
    var partner: PartnerWebController.SettingsSectionVM
}
