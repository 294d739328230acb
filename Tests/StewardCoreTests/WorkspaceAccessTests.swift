import Foundation
import StewardCore
import Testing

struct AccessCase: Sendable, CustomTestStringConvertible {
    var membershipRole: WorkspaceRole?
    var removed: Bool
    var orgRole: OrgRole?
    var visibility: Visibility

    var testDescription: String {
        "membership \(membershipRole?.rawValue ?? "none")\(removed ? " (removed)" : ""), "
            + "org \(orgRole?.rawValue ?? "none"), \(visibility.rawValue)"
    }

    static let all: [AccessCase] = ([nil] + WorkspaceRole.allCases).flatMap { membershipRole in
        [false, true].flatMap { removed in
            ([nil] + OrgRole.allCases).flatMap { orgRole in
                Visibility.allCases.map {
                    AccessCase(membershipRole: membershipRole, removed: removed, orgRole: orgRole, visibility: $0)
                }
            }
        }
    }

    /// NOTES §6: an explicit membership is what counts; without one, org admins and the org owner
    /// are in an *open* workspace as admin via the organisation, unless they were removed from it.
    /// Invite-only and private workspaces need an explicit join or invite, even for the owner.
    var expected: WorkspaceAccess? {
        if let membershipRole { return WorkspaceAccess(role: membershipRole, source: .membership) }
        let overseer = orgRole.map { ["admin", "owner"].contains($0.rawValue) } ?? false
        if overseer && !removed && visibility.rawValue == "open" {
            return WorkspaceAccess(role: .admin, source: .organisation)
        }
        return nil
    }
}

@Suite("Workspace access")
struct WorkspaceAccessTests {
    @Test("Every combination of membership, removal, org role and visibility", arguments: AccessCase.all)
    func exhaustive(c: AccessCase) {
        let access = WorkspaceAccessRule.access(
            membershipRole: c.membershipRole, removed: c.removed, orgRole: c.orgRole, visibility: c.visibility)
        #expect(access == c.expected)
    }

    @Test(
        "An explicit membership wins over the org role, whatever it is",
        arguments: WorkspaceRole.allCases, OrgRole.allCases)
    func explicitMembershipWins(role: WorkspaceRole, orgRole: OrgRole) {
        for visibility in Visibility.allCases {
            let access = WorkspaceAccessRule.access(
                membershipRole: role, removed: false, orgRole: orgRole, visibility: visibility)
            #expect(access?.role == role)
            #expect(access?.source == .membership)
        }
    }

    @Test("Org admins and the owner oversee open workspaces as admin via the organisation")
    func orgOversight() {
        for orgRole in [OrgRole.admin, .owner] {
            let access = WorkspaceAccessRule.access(
                membershipRole: nil, removed: false, orgRole: orgRole, visibility: .open)
            #expect(access == WorkspaceAccess(role: .admin, source: .organisation))
        }
    }

    @Test("Org members and billing get nothing without a membership", arguments: [OrgRole.member, .billing])
    func noOversightForLesserOrgRoles(orgRole: OrgRole) {
        for visibility in Visibility.allCases {
            #expect(
                WorkspaceAccessRule.access(
                    membershipRole: nil, removed: false, orgRole: orgRole, visibility: visibility) == nil)
        }
    }

    @Test("Invite-only and private workspaces are not entered via the organisation, not even by the owner")
    func noOversightOutsideOpen() {
        for visibility in [Visibility.inviteOnly, .private] {
            for orgRole in OrgRole.allCases {
                #expect(
                    WorkspaceAccessRule.access(
                        membershipRole: nil, removed: false, orgRole: orgRole, visibility: visibility) == nil)
            }
        }
    }

    @Test("Someone removed is not pulled back in through the organisation")
    func removalIsSticky() {
        for orgRole in OrgRole.allCases {
            #expect(
                WorkspaceAccessRule.access(membershipRole: nil, removed: true, orgRole: orgRole, visibility: .open)
                    == nil)
        }
    }

    @Test("Someone outside the organisation without a membership has no access")
    func strangers() {
        for visibility in Visibility.allCases {
            #expect(
                WorkspaceAccessRule.access(membershipRole: nil, removed: false, orgRole: nil, visibility: visibility)
                    == nil)
        }
    }

    // MARK: Visibility, seats and member-list rendering

    @Test("Visibility tightens open < invite-only < private; only open needs no tier")
    func visibilityOrder() {
        #expect(Visibility.open < .inviteOnly)
        #expect(Visibility.inviteOnly < .private)
        #expect(Visibility.open < .private)
        #expect(!(Visibility.private < .open))
        #expect(!Visibility.open.needsRestrictVisibility)
        #expect(Visibility.inviteOnly.needsRestrictVisibility)
        #expect(Visibility.private.needsRestrictVisibility)
    }

    @Test("Only observer is free", arguments: WorkspaceRole.allCases)
    func seats(role: WorkspaceRole) {
        #expect(role.takesSeat == (role.rawValue != "observer"))
    }

    @Test(
        "A member holds a paid seat only through an explicit membership in a paid role",
        arguments: WorkspaceRole.allCases, [AccessSource.membership, .organisation])
    func paidSeat(role: WorkspaceRole, source: AccessSource) {
        let user = User(id: UserID(UUID()), email: "a@example.com", name: "A", isStaff: false)
        let member = Member(user: user, role: .workspace(role), source: source)
        #expect(member.paidSeat == (source == .membership && role != .observer))
        #expect(member.outside == (role == .external || role == .observer))
    }
}
