import Foundation
import StewardCore
import StewardStore
import Vapor

struct MemberRowVM: Encodable {
    var name: String
    var email: String
    var role: RoleBadgeVM
    var paidSeat: Bool
    var isYou: Bool
    var canChange: Bool
    var canRemove: Bool
    var roleOptions: [RoleOptionVM]
    var rolePath: String
    var removePath: String
    /// The organisation requires two-factor and this person has not turned it on (shown to
    /// those who manage members).
    var lacksTwoFactor = false
}

struct MembersPageVM: Encodable {
    var tabs: WorkspaceTabsVM?
    var orgName: String
    var orgPath: String
    var scopeLabel: String
    var members: [MemberRowVM]
    var membersPager: PagerVM
    var canManage: Bool
    /// The invite dialog, pending invites, links and access requests (managers only).
    var invites: InviteSectionsVM?
    var leavePath: String?
    /// Seats of the billing account (people once, pending paid invites reserved), when the
    /// person may see usage or manage members.
    var seatLine: String?
    /// The organisation requires two-factor sign-in (NOTES §12).
    var requiresTwoFactor = false
}

struct AddForm: Content {
    var emails: String?
    var role: String?
}
