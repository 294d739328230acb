import Foundation
import StewardCore
import StewardStore
import Vapor

struct InvitationPageVM: Encodable {
    var heading: String
    var lead: String
    var placeName: String
    var scopeNoun: String
    var scopeTitle: String
    var role: RoleBadgeVM
    var roleSummary: String
    var expires: String
    var isEmail: Bool
    var invitedEmail: String?
    var isDataOwner: Bool
    var isPending: Bool
    var signedOut: Bool
    var canAccept: Bool
    var canDecline: Bool
    var wrongAccount: Bool
    var signedInEmail: String
    var reason: String
    var signInPath: String
    var registerPath: String
    var acceptPath: String
    var declinePath: String
    var logoutPath: String
    var selfPath: String
    var plainSignInPath: String
    var inviterName: String
    var alreadyInPath: String?
    var joinPath: String?
    var requestPath: String?
    var requested: Bool
}
