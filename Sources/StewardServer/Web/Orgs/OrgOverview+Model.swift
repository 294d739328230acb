import Foundation
import StewardCore
import StewardStore
import Vapor

struct OverviewVM: Encodable {
    struct Member: Encodable {
        var name: String
        var email: String
        var orgRole: RoleBadgeVM?
        var workspaces: [WorkspaceRoleVM]
    }
    struct WorkspaceRoleVM: Encodable {
        var name: String
        var path: String
        var role: RoleBadgeVM
    }
    struct WorkspaceItem: Encodable {
        var name: String
        var path: String
        var visibility: String
        var kind: String
    }
    var orgName: String
    var orgPath: String
    var membersPath: String
    var members: [Member]
    var workspaces: [WorkspaceItem]
    var requests: AccessRequestsVM
    var pending: PendingInvitesVM
}
