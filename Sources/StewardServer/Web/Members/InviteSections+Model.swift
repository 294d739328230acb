import Foundation
import StewardCore
import StewardStore
import Vapor

struct DiscoveryItemVM: Encodable {
    var name: String
    var path: String
    var role: RoleBadgeVM?
    var visibility: String
    var kind: String
    var isMember: Bool
    var canJoin: Bool
    var canRequest: Bool
    var requested: Bool
    var joinPath: String
    var requestPath: String
    /// Where a request returns to: the organisation page.
    var back: String
}

/// One role in the invite dialog: its one-line summary and whether it takes a seat.
struct RoleChoiceVM: Encodable {
    var value: String
    var label: String
    var summary: String
    var seatNote: String
    var showsSeat: Bool
    var free: Bool
    var selected: Bool

    init(_ role: WorkspaceRole, selected: Bool) {
        value = role.rawValue
        label = role.rawValue.capitalized
        summary = role.summary
        free = !role.takesSeat
        seatNote = role.takesSeat ? "takes a seat" : "free"
        showsSeat = true
        self.selected = selected
    }

    init(_ role: PlaceRole, selected: Bool) {
        switch role {
        case .org(let role): self.init(role, selected: selected)
        case .workspace(let role): self.init(role, selected: selected)
        }
    }

    init(_ role: OrgRole, selected: Bool) {
        value = role.rawValue
        label = role.rawValue.capitalized
        summary = role.summary
        free = false
        seatNote = ""
        showsSeat = false
        self.selected = selected
    }
}

struct SeatsVM: Encodable {
    var seatsUsed: Int
    var pendingSeats: Int
    var total: Int
    var observers: Int

    init(_ count: SeatCount) {
        seatsUsed = count.seatsUsed
        pendingSeats = count.pendingSeats
        total = count.total
        observers = count.observers
    }
}

struct InviteDialogVM: Encodable {
    var csrf: String
    var placeName: String
    var scopeLabel: String
    var emailPath: String
    var roles: [RoleChoiceVM]
    var seats: SeatsVM?
    /// Organisation roles take no seat by themselves; the dialog says so instead of a count.
    var orgRolesNote: Bool
    var linkPath: String?
    var linkRoles: [RoleChoiceVM]
    var defaultLinkDays: Int
    var maximumLinkDays: Int
    var maximumAddresses: Int
}

struct PendingInviteRowVM: Encodable {
    var email: String
    var role: RoleBadgeVM
    var place: String?
    var invitedBy: String
    var expires: String
    var status: String
    var isLive: Bool
    var resendPath: String
    var cancelPath: String

    init(_ invite: PendingInvite, place: String?) {
        email = invite.email
        role = InvitationFlow.role(invite.role, scope: invite.scope).0
        self.place = place
        invitedBy = invite.invitedBy?.name ?? "Someone who left"
        expires = Format.date(invite.expiresAt)
        status =
            switch invite.status {
            case .pending: "Waiting"
            case .expired: "Expired"
            case .void: "No longer valid: the inviter may not grant this role any more"
            default: invite.status.rawValue.capitalized
            }
        isLive = invite.status == .pending
        resendPath = Paths.inviteResend(invite.id)
        cancelPath = Paths.inviteCancel(invite.id)
    }
}

struct PendingInvitesVM: Encodable {
    var csrf: String
    var back: String
    var showPlace: Bool
    var rows: [PendingInviteRowVM]
    var pager: PagerVM? = nil
    /// Which invites hold a seat: only paid workspace roles do; an organisation invite never does.
    var seatNote: String

    static let workspaceSeatNote = "Each paid one reserves a seat."
    static let orgSeatNote = "An organisation invite reserves no seat."
    static let overviewSeatNote = "Each paid workspace invite reserves a seat."
}

struct LinkRowVM: Encodable {
    var role: RoleBadgeVM
    var uses: String
    var expires: String
    var createdBy: String
    var revokePath: String
}

struct AccessRequestRowVM: Encodable {
    var name: String
    var email: String
    var message: String
    var hasMessage: Bool
    var date: String
    var workspaceName: String
    var approvePath: String
    var denyPath: String
    var roles: [RoleOptionVM]

    init(_ request: AccessRequest, roles: [RoleOptionVM]) {
        name = request.requester.name
        email = request.requester.email
        message = request.message
        hasMessage = !request.message.isEmpty
        date = Format.dateTime(request.createdAt)
        workspaceName = request.workspaceName
        approvePath = Paths.accessRequestApprove(request.id)
        denyPath = Paths.accessRequestDeny(request.id)
        self.roles = roles
    }
}

struct AccessRequestsVM: Encodable {
    var csrf: String
    var back: String
    var showWorkspace: Bool
    var rows: [AccessRequestRowVM]
    var pager: PagerVM? = nil
}

struct InviteSectionsVM: Encodable {
    var dialog: InviteDialogVM
    var pending: PendingInvitesVM
    /// Links and access requests exist only for workspaces.
    var isWorkspace: Bool
    var linksPager: PagerVM
    var links: [LinkRowVM]
    var requests: AccessRequestsVM
    var outcome: InviteOutcomeVM?
}

struct AuthInvitationVM: Encodable {
    var token: String
    var placeName: String
    var role: String
    var email: String?
    /// Email invites are bound to their address: registration keeps it fixed.
    var emailFixed: Bool
}

struct MyInvitationVM: Encodable {
    var name: String
    var scopeNoun: String
    var role: RoleBadgeVM
    var invitedBy: String
    var expires: String
    var acceptPath: String
    var declinePath: String
}

/// What an invite action leaves to show on the members page: each address's outcome, or a new
/// link's URL (shown once). Carried across the redirect in a short-lived cookie, so nothing
/// lives in server memory; too large for a cookie, the page renders in the response instead.
