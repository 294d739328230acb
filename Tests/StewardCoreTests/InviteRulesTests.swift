import Foundation
import Testing

@testable import StewardCore

@Suite("Invite outcomes, statuses and links")
struct InviteRulesTests {
    @Test(
        "the server decides each address's outcome (NOTES §5)",
        arguments: [
            (false, MembershipState.none, AddOutcome.invited),
            (false, .removed, .invited),
            (true, .none, .added),
            (true, .removed, .reactivated),
            (true, .active, .alreadyMember),
            (false, .active, .alreadyMember),
        ])
    func outcomes(account: Bool, membership: MembershipState, expected: AddOutcome) {
        #expect(InviteOutcomeRule.outcome(accountExists: account, membership: membership) == expected)
    }

    @Test("an email invite's status follows its state, its expiry and the inviter's right to grant")
    func emailStatus() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let later = now.addingTimeInterval(60)
        let earlier = now.addingTimeInterval(-1)
        #expect(
            InvitationRule.emailStatus(state: .pending, expiresAt: later, now: now, inviterMayGrant: true) == .pending)
        #expect(
            InvitationRule.emailStatus(state: .pending, expiresAt: earlier, now: now, inviterMayGrant: true) == .expired
        )
        #expect(
            InvitationRule.emailStatus(state: .pending, expiresAt: now, now: now, inviterMayGrant: true) == .expired)
        #expect(
            InvitationRule.emailStatus(state: .pending, expiresAt: later, now: now, inviterMayGrant: false) == .void)
        #expect(
            InvitationRule.emailStatus(state: .accepted, expiresAt: later, now: now, inviterMayGrant: true) == .used)
        #expect(
            InvitationRule.emailStatus(state: .cancelled, expiresAt: later, now: now, inviterMayGrant: true)
                == .cancelled)
        #expect(
            InvitationRule.emailStatus(state: .declined, expiresAt: earlier, now: now, inviterMayGrant: false)
                == .declined)
    }

    @Test("a link's status: revoked beats expired beats used up beats void")
    func linkStatus() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let later = now.addingTimeInterval(60)
        func status(revoked: Bool = false, expires: Date = later, uses: Int = 0, max: Int? = nil, grant: Bool = true)
            -> InvitationStatus
        {
            InvitationRule.linkStatus(
                revoked: revoked, expiresAt: expires, now: now, uses: uses, maxUses: max, creatorMayGrant: grant)
        }
        #expect(status() == .pending)
        #expect(status(uses: 4, max: 5) == .pending)
        #expect(status(uses: 5, max: 5) == .used)
        #expect(status(uses: 500) == .pending, "no maximum: unlimited")
        #expect(status(expires: now) == .expired)
        #expect(status(revoked: true, expires: now) == .revoked)
        #expect(status(grant: false) == .void)
    }

    @Test("every non-pending status maps to its own 410 code", arguments: InvitationStatus.allCasesForTests)
    func acceptErrors(status: InvitationStatus) {
        let error = InvitationRule.acceptError(for: status)
        if status == .pending {
            #expect(error == nil)
        } else {
            #expect(error?.kind == .gone)
            #expect(error?.code == "invite_\(status.rawValue)")
        }
    }

    @Test("an email invite is bound to its address, compared case-insensitively")
    func accountBinding() throws {
        try InvitationRule.checkAccount(invited: "ana@example.com", signedIn: " ANA@Example.com")
        #expect(throws: DomainError.self) {
            try InvitationRule.checkAccount(invited: "ana@example.com", signedIn: "bo@example.com")
        }
        do {
            try InvitationRule.checkAccount(invited: "ana@example.com", signedIn: "bo@example.com")
        } catch {
            #expect(error.code == "wrong_account")
            #expect(error.detail.contains("ana@example.com") && error.detail.contains("bo@example.com"))
        }
    }

    @Test("links carry observer, external or member, for 1 to 30 days, 1 or more uses")
    func linkValidation() throws {
        #expect(try LinkInviteRule.validate(role: .member, expiresInDays: nil, maxUses: nil) == 7)
        #expect(try LinkInviteRule.validate(role: .observer, expiresInDays: 30, maxUses: 1) == 30)
        for role in [WorkspaceRole.admin, .owner, .billing] {
            #expect(throws: DomainError.self) {
                try LinkInviteRule.validate(role: role, expiresInDays: nil, maxUses: nil)
            }
        }
        #expect(throws: DomainError.self) {
            try LinkInviteRule.validate(role: .member, expiresInDays: 31, maxUses: nil)
        }
        #expect(throws: DomainError.self) { try LinkInviteRule.validate(role: .member, expiresInDays: 0, maxUses: nil) }
        #expect(throws: DomainError.self) { try LinkInviteRule.validate(role: .member, expiresInDays: nil, maxUses: 0) }
    }
}

extension InvitationStatus {
    static let allCasesForTests: [InvitationStatus] = [
        .pending, .expired, .cancelled, .used, .revoked, .declined, .void,
    ]
}

@Suite("Discovery (NOTES §6)")
struct DiscoveryTests {
    @Test("who sees which workspace, and what they may do about it", arguments: Visibility.allCases)
    func discovery(visibility: Visibility) {
        let member = WorkspaceAccess(role: .member, source: .membership)
        for orgRole in [OrgRole?.none] + OrgRole.allCases.map(Optional.some) {
            // Someone in it is always a member.
            #expect(
                DiscoveryRule.status(
                    visibility: visibility, orgRole: orgRole, access: member, removed: false, pendingRequest: false)
                    == .member)
            let status = DiscoveryRule.status(
                visibility: visibility, orgRole: orgRole, access: nil, removed: false, pendingRequest: false)
            let expected: DiscoveryStatus?
            switch (visibility, orgRole) {
            case (_, nil): expected = nil
            case (.open, .member?): expected = .canRequest
            case (.open, .billing?): expected = nil
            case (.open, .admin?), (.open, .owner?): expected = .canJoin
            case (.inviteOnly, .admin?), (.inviteOnly, .owner?): expected = .canJoin
            case (.inviteOnly, _): expected = nil
            case (.private, .owner?): expected = .canJoin
            case (.private, _): expected = nil
            }
            #expect(status == expected, "\(visibility) \(String(describing: orgRole))")
        }
        if visibility == .open {
            #expect(
                DiscoveryRule.status(
                    visibility: .open, orgRole: .member, access: nil, removed: false, pendingRequest: true)
                    == .requested)
        }
    }
}

@Suite("Seat counting (NOTES §7)")
struct SeatCountTests {
    @Test("paid roles count once per person; pending paid invites reserve once per address; observers are free")
    func counting() {
        let holders: [SeatCount.Holder] = [
            .init(person: "ana", email: "ana@x.org", role: .owner),
            .init(person: "ana", email: "ana@x.org", role: .member),  // second workspace, same account
            .init(person: "bo", email: "bo@x.org", role: .external),
            .init(person: "cy", email: "cy@x.org", role: .observer),
            .init(person: "di", email: "di@x.org", role: .observer),
            .init(person: "di", email: "di@x.org", role: .external),  // observer here, paid there
        ]
        let invites: [SeatCount.PendingInvite] = [
            .init(email: "new@x.org", role: .member),
            .init(email: "NEW@x.org", role: .admin),  // same address twice
            .init(email: "free@x.org", role: .observer),
            .init(email: "ana@x.org", role: .admin),  // already holds a seat
        ]
        let count = SeatCount.count(holders: holders, pendingInvites: invites)
        #expect(count.seatsUsed == 3)  // ana, bo, di
        #expect(count.pendingSeats == 1)  // new@
        #expect(count.observers == 1)  // cy only: di pays elsewhere
        #expect(count.total == 4)
        #expect(count.byRole[.owner] == 1 && count.byRole[.external] == 2 && count.byRole[.observer] == 1)
        #expect(count.byRole[.member] == nil, "each person counted once, at their highest role")
    }

    @Test("nothing held, nothing pending")
    func empty() {
        #expect(
            SeatCount.count(holders: [], pendingInvites: [])
                == SeatCount(seatsUsed: 0, pendingSeats: 0, observers: 0, byRole: [:]))
    }
}

@Suite("Emails")
struct EmailTests {
    @Test("an invite email carries the link in both parts and escapes names in HTML")
    func inviteEmail() {
        let email = Emails.invited(
            to: "a@x.org", inviter: "Ann <script>", scope: .init(noun: "workspace", name: "Panels & Co"), role: "admin",
            link: "https://steward.test/invitations/abc", expiresAt: Date(timeIntervalSince1970: 0))
        #expect(email.text.contains("https://steward.test/invitations/abc"))
        #expect(email.html.contains("https://steward.test/invitations/abc"))
        #expect(email.html.contains("Panels &amp; Co") && !email.html.contains("<script>"))
        #expect(email.text.contains("as an admin"))
        #expect(email.kind == "invite")
    }
}
