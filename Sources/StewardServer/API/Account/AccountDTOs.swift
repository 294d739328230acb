import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct UserDTO: Content {
    var id: String
    var email: String
    var name: String
    init(_ user: User) {
        id = user.id.description
        email = user.email
        name = user.name
    }
}

/// The signed-in person's own account: what only they (and nobody listing members) see.
struct MeDTO: Content {
    var id: String
    var email: String
    var name: String
    var isStaff: Bool
    var emailVerified: Bool
    var twoFactorEnabled: Bool
    /// A new address waiting for verification, if they asked to move the account.
    var pendingEmail: String?
    init(_ user: User, pendingEmail: String? = nil) {
        id = user.id.description
        email = user.email
        name = user.name
        isStaff = user.isStaff
        emailVerified = user.emailVerified
        twoFactorEnabled = user.twoFactorEnabled
        self.pendingEmail = pendingEmail
    }
}

struct AuthDTO: Content {
    var user: MeDTO
    var token: String
}

struct RegisterInput: Content {
    var email: String?
    var password: String?
    var name: String?
}

struct LoginInput: Content {
    var email: String?
    var password: String?
    /// A TOTP or recovery code, for accounts with two-factor.
    var otp: String?
}
