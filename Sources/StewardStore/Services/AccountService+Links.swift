import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Emailed single-use links: address verification, address changes, password resets, and the
/// challenge that carries a page sign-in to its two-factor step (NOTES §12).
extension AccountService {
    func issueAccountToken(_ kind: AccountTokenKind, user: UUID, email: String?) async throws -> (String, Date) {
        let token = env.tokens.newToken()
        let row = AccountTokenRow()
        row.userID = user
        row.kind = kind.rawValue
        row.tokenHash = env.tokens.digest(token)
        row.email = email
        row.createdAt = env.clock.now()
        row.expiresAt = env.clock.now().addingTimeInterval(kind.lifetime)
        try await row.create(on: db)
        return (token, row.expiresAt)
    }

    /// The live token of that kind; 404 for an unknown one, 410 once used or expired.
    func liveAccountToken(_ token: String?, kind: AccountTokenKind, field: String = "token") async throws
        -> AccountTokenRow
    {
        guard let token, !token.isEmpty else { throw DomainError.invalid(field, "is required") }
        guard token.count <= 200,
            let row = try await AccountQueries.link(hash: env.tokens.digest(token), kind: kind, on: db)
        else { throw DomainError.notFound("That link") }
        if let refusal = kind.refusal(expiresAt: row.expiresAt, usedAt: row.usedAt, now: env.clock.now()) {
            throw refusal
        }
        return row
    }

    /// Marks the token used; false when a concurrent request used it first.
    func consume(_ row: AccountTokenRow, on tx: any Database) async throws -> Bool {
        try await AccountQueries.useLink(row.id!, at: env.clock.now(), on: tx)
    }

    func issueChallenge(for row: UserRow) async throws -> String {
        try await issueAccountToken(.signInChallenge, user: row.id!, email: nil).0
    }

    /// The second step of a page sign-in: the challenge from the password step and a code.
    public func completeSignIn(challenge: String?, code: String?, client: SignInClient) async throws -> (
        user: User, token: String
    ) {
        let link = try await liveAccountToken(challenge, kind: .signInChallenge, field: "challenge")
        let row = try await Load.user(UserID(link.userID), on: db)
        let accountKey = "signin:account:\(row.email)"
        guard let code, !code.isEmpty else { throw DomainError.invalid("code", "is required") }
        return try await countingSignInFailures {
            try await takeSignInAttempt(accountKey: accountKey, client: client)
            guard try await TwoFactorService(db: db, env: env).consume(code: code, of: row) else {
                throw DomainError.invalidOTP
            }
            guard try await consume(link, on: db) else { throw AccountTokenKind.signInChallenge.usedError }
            try await signInAttemptSucceeded(accountKey: accountKey, client: client)
            return try await signedIn(row, client: client, tokenKind: .session)
        }
    }

    // MARK: Verification

    /// Emails a fresh verification link for `address` (the account's own, or a new one it asked
    /// for). Earlier links for the same address stop working: only the newest one is live.
    func sendVerification(to user: User, address: String, isChange: Bool) async throws {
        try await AccountQueries.withdrawUnusedLinks(.verifyEmail, of: user.id.uuid, on: db)
        let (token, expiresAt) = try await issueAccountToken(.verifyEmail, user: user.id.uuid, email: address)
        try await Outbox.enqueue(
            Emails.verifyEmail(
                to: address, name: user.name, link: env.link(.verifyEmail(token: token)), expiresAt: expiresAt,
                isChange: isChange), on: db, now: env.clock.now())
    }

    /// Follows a verification link: proves the registration address, or moves the account to
    /// the new address it asked for (and tells the old one).
    public func verifyEmail(token: String?) async throws -> User {
        let link = try await liveAccountToken(token, kind: .verifyEmail)
        do {
            return try await db.transaction { tx in
                guard try await consume(link, on: tx) else { throw AccountTokenKind.verifyEmail.usedError }
                let user = try await Load.user(UserID(link.userID), on: tx)
                let address = link.email ?? user.email
                let now = env.clock.now()
                if address != user.email {
                    let old = user.email
                    user.email = address
                    user.emailVerifiedAt = now
                    try await user.save(on: tx)
                    try await Outbox.enqueue(
                        Emails.emailChanged(
                            to: old, name: user.name, newEmail: address, at: now,
                            resetLink: env.link(.resetPassword())), on: tx, now: now)
                    try await AuditLog(db: tx, clock: env.clock).record(
                        "account.email_changed", actor: UserID(user.id!), org: nil, workspace: nil,
                        target: .init(type: "user", id: user.id!.uuidString.lowercased(), label: address),
                        before: old, after: address)
                } else if user.emailVerifiedAt == nil {
                    user.emailVerifiedAt = now
                    try await user.save(on: tx)
                }
                return user.value
            }
        } catch  where error.isConstraintViolation {
            throw DomainError.emailTaken  // someone registered the new address meanwhile
        }
    }

    /// A new link for an unverified account, throttled per account.
    public func resendVerification(for id: UserID) async throws {
        let user = try await Load.user(id, on: db).value
        if user.emailVerified {
            throw DomainError(.conflict, code: "already_verified", detail: "Your email address is already verified.")
        }
        try await throttleVerificationEmails(user.id)
        try await sendVerification(to: user, address: user.email, isChange: false)
    }

    /// After registering through an invitation: the verification email, unless accepting an
    /// emailed invite already proved the address.
    public func sendVerificationIfNeeded(_ id: UserID) async throws {
        let user = try await Load.user(id, on: db).value
        if !user.emailVerified { try await sendVerification(to: user, address: user.email, isChange: false) }
    }

    func throttleVerificationEmails(_ id: UserID) async throws {
        try await limiter.take(
            "verify-email:account:\(id)", env.rateLimits.verificationEmailsPerAccount,
            detail: "We already sent several verification emails. Check your inbox (and spam folder), or try later.")
    }

    // MARK: Profile, password and address

    public func rename(_ id: UserID, name rawName: String?) async throws -> User {
        let row = try await Load.user(id, on: db)
        guard let rawName else { return row.value }
        var v = Validator()
        let name = v.name(rawName, field: "name")
        try v.check()
        row.name = name
        try await row.save(on: db)
        return row.value
    }

    /// Needs the current password; every other session and token of the account ends.
    public func changePassword(_ id: UserID, current: String?, new: String?, keeping currentToken: String?)
        async throws
    {
        let row = try await Load.user(id, on: db)
        var v = Validator()
        if (current ?? "").isEmpty { v.fail("currentPassword", "is required") }
        let password = v.newPassword(new, field: "newPassword")
        try v.check()
        try await checkCurrentPassword(current!, of: row)
        try await setPassword(password, of: row, keeping: currentToken, viaReset: false)
    }

    func checkCurrentPassword(_ password: String, of row: UserRow) async throws {
        let key = "signin:account:\(row.email)"
        try await limiter.take(
            key, env.rateLimits.failedSignInsPerAccount,
            detail: "Too many wrong passwords. Wait a little and try again.")
        guard env.passwords.verify(password, against: row.passwordHash) else { throw DomainError.wrongCurrentPassword }
        try await limiter.giveBack(key)
    }

    func setPassword(_ password: String, of row: UserRow, keeping currentToken: String?, viaReset: Bool) async throws {
        let hash = try env.passwords.hash(password)
        try await db.transaction { tx in
            row.passwordHash = hash
            try await row.save(on: tx)
            try await AccountQueries.revokeSessions(
                of: row.id!, keeping: currentToken.map { env.tokens.digest($0) }, on: tx)
            try await AccountQueries.withdrawUnusedLinks(of: row.id!, except: .verifyEmail, on: tx)
            try await Outbox.enqueue(
                Emails.passwordChanged(
                    to: row.email, name: row.name, at: env.clock.now(), viaReset: viaReset,
                    resetLink: env.link(.resetPassword())), on: tx, now: env.clock.now())
        }
    }

    /// Asks to move the account to another address: it applies once the new address is verified.
    public func requestEmailChange(_ id: UserID, email rawEmail: String?, currentPassword: String?) async throws {
        let row = try await Load.user(id, on: db)
        var v = Validator()
        let email = v.email(rawEmail)
        if (currentPassword ?? "").isEmpty { v.fail("currentPassword", "is required") }
        try v.check()
        if email!.value == row.email {
            throw DomainError(
                .unprocessable, code: "email_unchanged", detail: "That is already your address.",
                fieldErrors: [.init(field: "email", message: "is already your address")])
        }
        try await checkCurrentPassword(currentPassword!, of: row)
        if try await AccountQueries.user(withEmail: email!, on: db) != nil { throw DomainError.emailTaken }
        try await throttleVerificationEmails(id)
        try await db.transaction { tx in
            let accounts = AccountService(db: tx, env: env)
            try await accounts.sendVerification(to: row.value, address: email!.value, isChange: true)
            try await Outbox.enqueue(
                Emails.emailChangeRequested(
                    to: row.email, name: row.name, newEmail: email!.value, resetLink: env.link(.resetPassword())),
                on: tx, now: env.clock.now())
        }
    }

    /// The address waiting for verification, if the account asked to move to one.
    public func pendingEmail(of user: User) async throws -> String? {
        guard
            let email = try await AccountQueries.addressAwaitingVerification(
                of: user.id.uuid, now: env.clock.now(), on: db),
            email != user.email
        else { return nil }
        return email
    }

    // MARK: Password reset

    /// Always succeeds (no enumeration); emails a one-hour link when the address has an account
    /// and has not had too many already.
    public func requestPasswordReset(email rawEmail: String?, clientAddress: String) async throws {
        var v = Validator()
        let email = v.email(rawEmail)
        try v.check()
        try await limiter.take(
            "reset:client:\(clientAddress)", env.rateLimits.passwordResetsPerClient,
            detail: "Too many reset requests from your address. Try again later.")
        // Over the per-address limit nothing is sent, and the answer stays the same.
        guard
            (try? await limiter.take(
                "reset:address:\(email!.value)", env.rateLimits.passwordResetsPerAddress, detail: "")) != nil,
            let row = try await AccountQueries.user(withEmail: email!, on: db)
        else { return }
        try await db.transaction { tx in
            let accounts = AccountService(db: tx, env: env)
            try await AccountQueries.withdrawUnusedLinks(.passwordReset, of: row.id!, on: tx)
            let (token, expiresAt) = try await accounts.issueAccountToken(.passwordReset, user: row.id!, email: nil)
            try await Outbox.enqueue(
                Emails.passwordReset(
                    to: row.email, name: row.name, link: env.link(.resetPassword(token: token)), expiresAt: expiresAt),
                on: tx, now: env.clock.now())
        }
    }

    /// Checks a reset link before showing its form.
    public func checkPasswordReset(token: String?) async throws {
        _ = try await liveAccountToken(token, kind: .passwordReset)
    }

    /// Sets the new password; every session and API token of the account ends.
    public func confirmPasswordReset(token: String?, password rawPassword: String?) async throws {
        var v = Validator()
        let password = v.newPassword(rawPassword)
        try v.check()
        let link = try await liveAccountToken(token, kind: .passwordReset)
        let row = try await Load.user(UserID(link.userID), on: db)
        guard try await consume(link, on: db) else { throw AccountTokenKind.passwordReset.usedError }
        try await setPassword(password, of: row, keeping: nil, viaReset: true)
        try await limiter.reset("signin:account:\(row.email)")
    }
}

extension AccountTokenKind {
    /// The refusal for a token someone else used a moment ago.
    var usedError: DomainError { refusal(expiresAt: .distantFuture, usedAt: .distantPast, now: .distantPast)! }
}
