import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct OrgMemberDTO: Content {
    var user: UserDTO
    var role: OrgRole
    /// Only for those who manage members.
    var twoFactorEnabled: Bool?
    init(_ member: OrgMember) {
        user = UserDTO(member.user)
        role = member.role
        twoFactorEnabled = member.twoFactorShown
    }
}

struct WorkspaceMemberDTO: Content {
    var user: UserDTO
    var role: WorkspaceRole
    var outside: Bool
    var paidSeat: Bool
    var access: AccessSource
    /// Only for those who manage members.
    var twoFactorEnabled: Bool?
    init(_ member: WorkspaceMember) {
        user = UserDTO(member.user)
        role = member.role
        outside = member.outside
        paidSeat = member.paidSeat
        access = member.source
        twoFactorEnabled = member.twoFactorShown
    }
}

struct AddResultDTO: Content {
    struct ErrorDTO: Content {
        var code: String
        var detail: String
    }
    var email: String
    var outcome: AddOutcome?
    var inviteId: String?
    var error: ErrorDTO?
    init(_ result: AddResult) {
        email = result.email
        outcome = result.outcome
        inviteId = result.inviteID?.uuidString.lowercased()
        error = result.error.map { ErrorDTO(code: $0.code, detail: $0.detail) }
    }
}

struct AddResultsDTO: Content {
    var results: [AddResultDTO]
}

struct RoleInput: Content { var role: String? }

struct AddMembersInput: Content {
    var emails: [String]?
    var role: String?
}
