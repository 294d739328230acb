import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Invitations as the invitee meets them: found by token, accepted, and listed for their address.
enum InviteQueries {
    /// The email invite whose emailed token, or the token `/me/invites` showed the invitee, hashes
    /// to this.
    static func invite(tokenHash hash: String, on db: any Database) async throws -> InviteRow? {
        try await InviteRow.query(on: db)
            .group(.or, { $0.filter(\.$tokenHash == hash).filter(\.$selfTokenHash == hash) }).first()
    }

    static func link(tokenHash hash: String, on db: any Database) async throws -> InviteLinkRow? {
        try await InviteLinkRow.query(on: db).filter(\.$tokenHash == hash).first()
    }

    static func hasUsed(link: UUID, user: UUID, on db: any Database) async throws -> Bool {
        try await InviteLinkUseRow.query(on: db).filter(\.$linkID == link).filter(\.$userID == user)
            .first() != nil
    }

    static func useCount(of link: UUID, on db: any Database) async throws -> Int {
        try await InviteLinkUseRow.query(on: db).filter(\.$linkID == link).count()
    }

    static func setUses(_ uses: Int, of link: UUID, on db: any Database) async throws {
        try await InviteLinkRow.query(on: db).filter(\.$id == link).set(\.$uses, to: uses).update()
    }

    /// Invites still pending for this address, newest first.
    static func pendingInvites(addressedTo email: String, on db: any Database) async throws -> [InviteRow] {
        try await InviteRow.query(on: db).filter(\.$email == email)
            .filter(\.$state == EmailInviteState.pending.rawValue).sort(\.$createdAt, .descending).all()
    }
}
