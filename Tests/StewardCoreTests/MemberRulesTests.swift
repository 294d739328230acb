import Foundation
import StewardCore
import Testing

/// Every role of both places, with the workspace kind it is judged in (nil: an organisation).
private let places: [(place: Place, kind: WorkspaceKind?)] =
    [(.org(OrgID(UUID())), nil)] + WorkspaceKind.allCases.map { (.workspace(WorkspaceID(UUID())), $0) }

private func code(_ check: () throws(DomainError) -> Void) -> String? {
    do {
        try check()
        return nil
    } catch { return error.code }
}

/// The rules both places share, and what only one of them has (NOTES §3, §4, §5).
@Suite("Members in either place")
struct MemberRulesTests {
    @Test("the invite dialog offers exactly the roles an invite may carry, for every actor and place")
    func inviteChoicesMatchTheInviteRule() {
        for (place, kind) in places {
            for actor in PlaceRole.all(in: place) {
                let offered = MemberRules.inviteChoices(actor: actor, kind: kind)
                for role in PlaceRole.all(in: place) {
                    let refusal = code { () throws(DomainError) in
                        try MemberRules.checkInvite(actor: actor, role: role, kind: kind)
                    }
                    #expect(offered.contains(role) == (refusal == nil), "\(actor) inviting \(role) in \(place)")
                }
            }
        }
    }

    @Test("workspace invites never carry owner and observer only exists in external-client workspaces")
    func workspaceOnlyInviteRules() {
        let owner = PlaceRole.workspace(.owner)
        for kind in WorkspaceKind.allCases {
            #expect(
                code { () throws(DomainError) in try MemberRules.checkInvite(actor: owner, role: owner, kind: kind) }
                    == "owner_not_invitable")
            let observer = code { () throws(DomainError) in
                try MemberRules.checkInvite(actor: owner, role: .workspace(.observer), kind: kind)
            }
            #expect(observer == (kind == .externalClient ? nil : "observer_needs_external_client_workspace"))
        }
        // An organisation's owner may invite another owner; an admin may not.
        #expect(
            code { () throws(DomainError) in
                try MemberRules.checkInvite(actor: .org(.owner), role: .org(.owner), kind: nil)
            } == nil)
        #expect(
            code { () throws(DomainError) in
                try MemberRules.checkInvite(actor: .org(.admin), role: .org(.owner), kind: nil)
            } == "owner_grant_requires_owner")
    }

    @Test("a role change offers only the member's own side, never above the actor, observer only where it exists")
    func roleChoices() {
        for (place, kind) in places {
            for actor in PlaceRole.all(in: place) {
                for current in PlaceRole.all(in: place) {
                    for role in MemberRules.roleChoices(actor: actor, for: current, kind: kind) {
                        #expect(role.isOutsideRole == current.isOutsideRole)
                        #expect(!role.isAbove(actor))
                        #expect(!role.isOwner || actor.isOwner)
                        #expect(role != .workspace(.observer) || kind == .externalClient)
                        let refusal = code { () throws(DomainError) in
                            try MemberRules.checkRoleChange(
                                actor: actor, role: role, current: current, explicit: current, isOrgMember: false,
                                kind: kind, ownerCount: 2)
                        }
                        // What is offered passes the rule whenever the actor may act on the member.
                        if !current.isAbove(actor) { #expect(refusal == nil, "\(actor): \(current) → \(role)") }
                    }
                }
            }
        }
    }

    @Test("a role change refuses an outside role for an organisation member and a promotion out of one")
    func outsideRoleChanges() {
        let admin = PlaceRole.workspace(.admin)
        let toExternal = code { () throws(DomainError) in
            try MemberRules.checkRoleChange(
                actor: admin, role: .workspace(.external), current: .workspace(.member), explicit: .workspace(.member),
                isOrgMember: true, kind: .internal, ownerCount: 1)
        }
        #expect(toExternal == "outside_role_for_org_member")
        let promotion = code { () throws(DomainError) in
            try MemberRules.checkRoleChange(
                actor: admin, role: .workspace(.member), current: .workspace(.external),
                explicit: .workspace(.external), isOrgMember: false, kind: .internal, ownerCount: 1)
        }
        #expect(promotion == "outside_promotion_not_allowed")
        // Organisation roles have no outside side: the same change is a plain grant.
        let orgChange = code { () throws(DomainError) in
            try MemberRules.checkRoleChange(
                actor: .org(.admin), role: .org(.billing), current: .org(.member), explicit: .org(.member),
                isOrgMember: true, kind: nil, ownerCount: 1)
        }
        #expect(orgChange == nil)
    }

    @Test("a members list offers actions only to managers, never on themselves or on someone above them")
    func mayActOn() {
        let me = UserID(UUID())
        let someone = User(id: UserID(UUID()), email: "s@example.com", name: "S", isStaff: false)
        for (place, _) in places {
            for viewer in PlaceRole.all(in: place) {
                for role in PlaceRole.all(in: place) {
                    for manages in [false, true] {
                        let other = Member(user: someone, role: role)
                        #expect(
                            MemberRules.mayActOn(other, viewer: me, viewerRole: viewer, viewerManagesMembers: manages)
                                == (manages && !role.isAbove(viewer)))
                        var mine = other
                        mine.user.id = me
                        #expect(
                            !MemberRules.mayActOn(mine, viewer: me, viewerRole: viewer, viewerManagesMembers: manages))
                    }
                }
            }
        }
    }

    @Test("roles are read for the place they belong to, and members start as member in both")
    func rolesByPlace() {
        let org = Place.org(OrgID(UUID()))
        let workspace = Place.workspace(WorkspaceID(UUID()))
        #expect(PlaceRole.named("observer", in: org) == nil)
        #expect(PlaceRole.named("observer", in: workspace) == .workspace(.observer))
        #expect(PlaceRole.named("billing", in: org) == .org(.billing))
        #expect(MemberRules.defaultInvite(in: org) == .org(.member))
        #expect(MemberRules.defaultInvite(in: workspace) == .workspace(.member))
        var v = Validator()
        #expect(v.role("observer", in: org) == nil)
        #expect(v.errors.first?.field == "role")
        #expect(PlaceRole.all(in: org).map(\.rawValue) == OrgRole.allCases.map(\.rawValue))
        #expect(!PlaceRole.org(.member).isLinkInvitable && PlaceRole.workspace(.external).isLinkInvitable)
    }
}
