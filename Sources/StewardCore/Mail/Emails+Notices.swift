import Foundation

// Notices: handoffs, upgrade requests, and the emails about an account (verification, reset,
// password and address changes, new sign-ins, two-factor).

extension Emails {
    public static func handoffToClient(
        to: String, workspace: String, organisation: String, link: String, brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: "handoff", subject: "\(workspace) is now yours on Steward",
            paragraphs: [
                "The workspace “\(workspace)” has been handed over to you. It now belongs to the organisation "
                    + "“\(organisation)”, and you are its owner, with its own billing account.",
                "You decide who stays and who joins from here.",
            ], action: ("Open \(workspace)", link), footer: nil, brand: brand)
    }

    public static func handoffToPartner(
        to: String, workspace: String, client: String, keptAsExternal: Bool, brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: "handoff", subject: "\(workspace) was handed over to \(client)",
            paragraphs: [
                "The external-client workspace “\(workspace)” now belongs to \(client)."
                    + (keptAsExternal
                        ? " You stay in it as an external collaborator." : " Your access to it has ended.")
            ], action: nil, footer: nil, brand: brand)
    }
}

extension Emails {
    public static func upgradeRequested(to: String, requester: String, what: String, organisation: String, link: String)
        -> EmailContent
    {
        compose(
            to: to, kind: "upgrade_requested", subject: "\(requester) asks for \(what)",
            paragraphs: ["\(requester) asked for \(what) in \(organisation). You can approve or deny it."],
            action: ("Review the request", link), footer: nil)
    }

    public static func upgradeDecided(to: String, what: String, approved: Bool, link: String) -> EmailContent {
        compose(
            to: to, kind: approved ? "upgrade_approved" : "upgrade_denied",
            subject: approved ? "Approved: \(what)" : "Not approved: \(what)",
            paragraphs: [
                approved ? "Your request for \(what) was approved." : "Your request for \(what) was not approved."
            ],
            action: approved ? ("Open Steward", link) : nil, footer: nil)
    }
}

// MARK: Account security

extension Emails {
    /// Registration (`isChange == false`) or a change of address (`isChange == true`): the link proves the mailbox.
    public static func verifyEmail(to: String, name: String, link: String, expiresAt: Date, isChange: Bool)
        -> EmailContent
    {
        isChange
            ? compose(
                to: to, kind: "verify_email", subject: "Confirm your new email address for Steward",
                paragraphs: [
                    greeting(name),
                    "You asked to change the email address on your Steward account to \(to). Confirm it's yours to "
                        + "finish the change; until then, your account keeps using your current address.",
                    "The link works once and is valid until \(format(expiresAt)).",
                ],
                action: ("Confirm your new address", link),
                footer: "If you didn't ask for this, you can ignore this email; "
                    + "this address won't be added to any account unless the link is used.")
            : compose(
                to: to, kind: "verify_email", subject: "Confirm your email address for Steward",
                paragraphs: [
                    greeting(name),
                    "Welcome to Steward! Please confirm that \(to) is your email address to finish setting up "
                        + "your account.",
                    "The link works once and is valid until \(format(expiresAt)).",
                ],
                action: ("Confirm your email address", link),
                footer: "If you didn't sign up for Steward, you can ignore this email; "
                    + "the address won't be confirmed unless the link is used.")
    }

    public static func passwordReset(to: String, name: String, link: String, expiresAt: Date) -> EmailContent {
        compose(
            to: to, kind: "password_reset", subject: "Reset your Steward password",
            paragraphs: [
                greeting(name),
                "We received a request to reset the password for your Steward account.",
                "Choose a new password with the link below. It works once and is valid until \(format(expiresAt)).",
            ],
            action: ("Choose a new password", link),
            footer: "If you didn't ask for this, you can ignore this email; "
                + "your password stays as it is and nothing changes.")
    }

    public static func passwordChanged(to: String, name: String, at: Date, viaReset: Bool, resetLink: String)
        -> EmailContent
    {
        compose(
            to: to, kind: "password_changed", subject: "Your Steward password was changed",
            paragraphs: [
                greeting(name),
                "The password for your Steward account was changed on \(format(at))"
                    + (viaReset ? " using a password reset link." : "."),
                "To keep your account safe, every other session and API token was signed out. "
                    + "Sign in again with your new password where you need to.",
                "If this wasn't you, reset your password right away.",
            ],
            action: ("Reset your password", resetLink),
            footer: "If it was you, there's nothing else to do.")
    }

    /// Sent to the old address: nothing changes until the new address is verified.
    public static func emailChangeRequested(to oldAddress: String, name: String, newEmail: String, resetLink: String)
        -> EmailContent
    {
        compose(
            to: oldAddress, kind: "email_change_requested", subject: "A request to change your Steward email address",
            paragraphs: [
                greeting(name),
                "Someone asked to move your Steward account to the email address \(newEmail).",
                "Nothing changes until that address is verified with the link we sent to it. "
                    + "Until then, you keep signing in with this address.",
                "If this wasn't you, someone may know your password: reset it right away.",
            ],
            action: ("Reset your password", resetLink),
            footer: "If it was you, there's nothing to do here; just follow the link sent to \(newEmail).")
    }

    /// Sent to the old address once the change has taken effect.
    public static func emailChanged(to oldAddress: String, name: String, newEmail: String, at: Date, resetLink: String)
        -> EmailContent
    {
        compose(
            to: oldAddress, kind: "email_changed", subject: "Your Steward email address was changed",
            paragraphs: [
                greeting(name),
                "The email address on your Steward account was changed to \(newEmail) on \(format(at)).",
                "From now on, you sign in with \(newEmail), and Steward's emails go there instead of here.",
                "If this wasn't you, reset your password right away.",
            ],
            action: ("Reset your password", resetLink),
            footer: "If it was you, there's nothing else to do.")
    }

    public static func newSignIn(
        to: String, name: String, device: String, clientAddress: String, at: Date, securityLink: String
    ) -> EmailContent {
        compose(
            to: to, kind: "new_sign_in", subject: "New sign-in to your Steward account",
            paragraphs: [
                greeting(name),
                "There was a new sign-in to your Steward account from \(device) (\(clientAddress)) at \(format(at)).",
                "If this was you, there's nothing to do. If it wasn't, sign that session out and change "
                    + "your password right away.",
            ],
            action: ("Review your sessions", securityLink), footer: nil)
    }

    public static func twoFactorChanged(to: String, name: String, enabled: Bool, at: Date, securityLink: String)
        -> EmailContent
    {
        compose(
            to: to, kind: "two_factor_changed",
            subject: enabled
                ? "Two-factor authentication is on for your Steward account"
                : "Two-factor authentication is off for your Steward account",
            paragraphs: [
                greeting(name),
                enabled
                    ? "Two-factor authentication was turned on for your Steward account on \(format(at)). "
                        + "From now on, signing in asks for a code from your authenticator app as well as your "
                        + "password. Keep your recovery codes somewhere safe: they get you in if you lose your device."
                    : "Two-factor authentication was turned off for your Steward account on \(format(at)). "
                        + "Signing in now only needs your password; we recommend turning it back on.",
                "If this wasn't you, change your password and check your security settings right away.",
            ],
            action: ("Review your security settings", securityLink), footer: nil)
    }

    public static func recoveryCodeUsed(to: String, name: String, remaining: Int, at: Date, securityLink: String)
        -> EmailContent
    {
        let left =
            switch remaining {
            case ...0:
                "You have no recovery codes left: generate new ones now, so you can still get in if you lose "
                    + "your device."
            case 1: "You have 1 recovery code left; consider generating new ones."
            default: "You have \(remaining) recovery codes left."
            }
        return compose(
            to: to, kind: "recovery_code_used", subject: "A recovery code was used to sign in to Steward",
            paragraphs: [
                greeting(name),
                "A recovery code was used to sign in to your Steward account on \(format(at)). "
                    + "Each code works only once. \(left)",
                "If this wasn't you, someone has your password and one of your recovery codes: change your "
                    + "password and generate new codes right away.",
            ],
            action: ("Review your security settings", securityLink), footer: nil)
    }

    static func greeting(_ name: String) -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? "Hi," : "Hi \(name),"
    }
}
