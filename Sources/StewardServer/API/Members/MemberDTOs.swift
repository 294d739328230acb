import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

/// A member of an organisation or a workspace. A workspace's members also say whether they sit
/// outside the organisation, take a seat, and hold their role themselves or through the
/// organisation; an organisation's members leave those out.
struct MemberDTO: Content {
    var user: UserDTO
    var role: String
    var outside: Bool?
    var paidSeat: Bool?
    var access: AccessSource?
    /// Only for those who manage members.
    var twoFactorEnabled: Bool?
    init(_ member: Member) {
        user = UserDTO(member.user)
        role = member.role.rawValue
        if case .workspace = member.role {
            outside = member.outside
            paidSeat = member.paidSeat
            access = member.source
        }
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
