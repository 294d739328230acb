import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Two-factor sign-in as stored: the TOTP steps and recovery codes an account used up, and the
/// organisations that require it.
enum TwoFactorQueries {
    /// Uses up the TOTP step; false when it (or a later one) was used already, by a concurrent
    /// request too.
    static func useStep(_ step: Int64, of user: UUID, on db: any Database) async throws -> Bool {
        try await !(db as! any SQLDatabase).raw(
            """
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: user) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
            """
        ).all().isEmpty
    }

    /// Uses up the recovery code; false when it is not one of the account's unused codes.
    static func useRecoveryCode(hash: String, of user: UUID, at now: Date, on db: any Database) async throws
        -> Bool
    {
        try await !(db as! any SQLDatabase).raw(
            """
            UPDATE recovery_codes SET used_at = \(bind: now)
            WHERE user_id = \(bind: user) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING id
            """
        ).all().isEmpty
    }

    static func recoveryCodesLeft(of user: UUID, on db: any Database) async throws -> Int {
        try await RecoveryCodeRow.query(on: db).filter(\.$userID == user).filter(\.$usedAt == nil).count()
    }

    /// Every recovery code of the account, used or not.
    static func deleteRecoveryCodes(of user: UUID, on db: any Database) async throws {
        try await RecoveryCodeRow.query(on: db).filter(\.$userID == user).delete()
    }

    /// The name of an organisation the person owns that requires two-factor, if any: they may not
    /// turn it off while it does.
    static func ownedOrgRequiringTwoFactor(owner user: UUID, on db: any Database) async throws -> String? {
        try await (db as! any SQLDatabase).raw(
            """
            SELECT o.name AS name FROM org_memberships om JOIN orgs o ON o.id = om.org_id
            WHERE om.user_id = \(bind: user) AND om.removed_at IS NULL AND om.role = \(bind: OrgRole.owner.rawValue)
              AND o.requires_two_factor = \(bind: true)
            LIMIT 1
            """
        ).first()?.decode(column: "name", as: String.self)
    }

    static func setRequirement(_ required: Bool, org: UUID, on db: any Database) async throws {
        try await OrgRow.query(on: db).filter(\.$id == org).set(\.$requiresTwoFactor, to: required).update()
    }
}
