import StewardCore
import Testing

// MARK: - The spec, transcribed

/// seeds/004 (invites): "The workspace hierarchy is observer < external < member < billing < admin < owner."
private let workspaceHierarchy = "observer < external < member < billing < admin < owner"
/// NOTES §3: "Org order: member < billing < admin < owner."
private let orgHierarchy = "member < billing < admin < owner"

/// seeds/004: a workspace invite offers "admin, member, billing, external, or observer".
private let workspaceInviteOffer = ["admin", "member", "billing", "external", "observer"]
/// seeds/004 and NOTES §3: an org invite offers "member, admin, billing, or owner" (owner only
/// when an owner invites).
private let orgInviteOffer = ["member", "admin", "billing", "owner"]

private func ranks(_ hierarchy: String) -> [String: Int] {
    let names = hierarchy.split(separator: "<").map { $0.trimmingCharacters(in: .whitespaces) }
    return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
}

private let workspaceRank = ranks(workspaceHierarchy)
private let orgRank = ranks(orgHierarchy)

/// The grant rule of NOTES §3 written out independently. What is granted is checked first (only
/// an owner grants owner, nobody grants above their own role), then whom it is done to (nobody
/// acts on someone above them), then the invariant (the last owner stays owner).
private func expectedGrantError(
    actor: String, grants role: String, current: String?, ownerCount: Int, rank: [String: Int]
) -> String? {
    if role == "owner" && actor != "owner" { return "owner_grant_requires_owner" }
    if rank[role]! > rank[actor]! { return "grant_above_own_role" }
    if let current {
        if rank[current]! > rank[actor]! { return "target_above_own_role" }
        if current == "owner" && role != "owner" && ownerCount < 2 { return "last_owner" }
    }
    return nil
}

private func expectedRemovalError(actor: String, target: String, ownerCount: Int, rank: [String: Int]) -> String? {
    if rank[target]! > rank[actor]! { return "target_above_own_role" }
    if target == "owner" && ownerCount < 2 { return "last_owner" }
    return nil
}

private func kind(ofCode code: String) -> DomainError.Kind {
    code == "last_owner" ? .conflict : .forbidden
}

/// One (actor, granted role, target's current role) combination.
struct GrantCase<R: RankedRole & RawRepresentable>: Sendable, CustomTestStringConvertible
where R.RawValue == String {
    var actor: R
    var role: R
    var current: R?
    var testDescription: String { "\(actor.rawValue) grants \(role.rawValue) to \(current?.rawValue ?? "newcomer")" }

    static func all(_ roles: [R]) -> [GrantCase] {
        roles.flatMap { actor in
            roles.flatMap { role in ([nil] + roles).map { GrantCase(actor: actor, role: role, current: $0) } }
        }
    }
}

private func checkGrantCase<R: RankedRole & RawRepresentable>(
    _ c: GrantCase<R>, rank: [String: Int], attempt: (Int) throws(DomainError) -> Void
) where R.RawValue == String {
    for ownerCount in [1, 2, 3] {
        let expected = expectedGrantError(
            actor: c.actor.rawValue, grants: c.role.rawValue, current: c.current?.rawValue, ownerCount: ownerCount,
            rank: rank)
        do throws(DomainError) {
            try attempt(ownerCount)
            #expect(expected == nil, "owners: \(ownerCount); expected \(expected ?? "success")")
        } catch {
            #expect(error.code == expected, "owners: \(ownerCount)")
            if let expected { #expect(error.kind == kind(ofCode: expected)) }
        }
    }
}

// MARK: - Tests

@Suite("Grant rule")
struct GrantRuleTests {
    @Test("Workspace roles are ranked as the seeds' hierarchy")
    func workspaceRanking() {
        #expect(
            WorkspaceRole.allCases.map(\.rawValue).sorted { workspaceRank[$0]! < workspaceRank[$1]! }
                == WorkspaceRole.allCases.map(\.rawValue))
        for a in WorkspaceRole.allCases {
            for b in WorkspaceRole.allCases {
                #expect(a.isAbove(b) == (workspaceRank[a.rawValue]! > workspaceRank[b.rawValue]!), "\(a) vs \(b)")
            }
            #expect(a.isOwner == (a.rawValue == "owner"))
        }
        #expect(Set(workspaceRank.keys) == Set(WorkspaceRole.allCases.map(\.rawValue)))
    }

    @Test("Org roles are ranked member < billing < admin < owner")
    func orgRanking() {
        for a in OrgRole.allCases {
            for b in OrgRole.allCases {
                #expect(a.isAbove(b) == (orgRank[a.rawValue]! > orgRank[b.rawValue]!), "\(a) vs \(b)")
            }
            #expect(a.isOwner == (a.rawValue == "owner"))
        }
        #expect(Set(orgRank.keys) == Set(OrgRole.allCases.map(\.rawValue)))
    }

    @Test("Workspace grants follow NOTES §3", arguments: GrantCase<WorkspaceRole>.all(WorkspaceRole.allCases))
    func workspaceGrant(c: GrantCase<WorkspaceRole>) {
        checkGrantCase(c, rank: workspaceRank) { (owners: Int) throws(DomainError) in
            try GrantRule.checkGrant(actor: c.actor, grants: c.role, targetCurrent: c.current, ownerCount: owners)
        }
    }

    @Test("Org grants follow NOTES §3", arguments: GrantCase<OrgRole>.all(OrgRole.allCases))
    func orgGrant(c: GrantCase<OrgRole>) {
        checkGrantCase(c, rank: orgRank) { (owners: Int) throws(DomainError) in
            try GrantRule.checkGrant(actor: c.actor, grants: c.role, targetCurrent: c.current, ownerCount: owners)
        }
    }

    @Test("An admin cannot grant owner; an owner can")
    func ownerGrantNamedCases() throws {
        let error = #expect(throws: DomainError.self) {
            try GrantRule.checkGrant(actor: WorkspaceRole.admin, grants: .owner, targetCurrent: nil, ownerCount: 1)
        }
        #expect(error?.code == "owner_grant_requires_owner")
        try GrantRule.checkGrant(actor: WorkspaceRole.owner, grants: .owner, targetCurrent: .admin, ownerCount: 1)
        try GrantRule.checkGrant(actor: OrgRole.owner, grants: .owner, targetCurrent: nil, ownerCount: 1)
    }

    @Test("A member cannot grant admin, and billing outranks member")
    func grantAboveOwnNamedCases() throws {
        let error = #expect(throws: DomainError.self) {
            try GrantRule.checkGrant(actor: WorkspaceRole.member, grants: .admin, targetCurrent: nil, ownerCount: 1)
        }
        #expect(error?.code == "grant_above_own_role")
        #expect(error?.kind == .forbidden)
        let billing = #expect(throws: DomainError.self) {
            try GrantRule.checkGrant(actor: WorkspaceRole.member, grants: .billing, targetCurrent: nil, ownerCount: 1)
        }
        #expect(billing?.code == "grant_above_own_role")
        try GrantRule.checkGrant(actor: WorkspaceRole.billing, grants: .member, targetCurrent: nil, ownerCount: 1)
    }

    @Test("An admin cannot change an owner's role, even to something the admin may grant")
    func targetAboveNamedCase() {
        let error = #expect(throws: DomainError.self) {
            try GrantRule.checkGrant(actor: WorkspaceRole.admin, grants: .member, targetCurrent: .owner, ownerCount: 3)
        }
        #expect(error?.code == "target_above_own_role")
    }

    @Test("The last owner cannot be demoted, but one of two owners can")
    func lastOwnerDemotion() throws {
        for role in WorkspaceRole.allCases where role != .owner {
            let error = #expect(throws: DomainError.self) {
                try GrantRule.checkGrant(actor: WorkspaceRole.owner, grants: role, targetCurrent: .owner, ownerCount: 1)
            }
            #expect(error?.code == "last_owner")
            #expect(error?.kind == .conflict)
            try GrantRule.checkGrant(actor: WorkspaceRole.owner, grants: role, targetCurrent: .owner, ownerCount: 2)
        }
        for role in OrgRole.allCases where role != .owner {
            let error = #expect(throws: DomainError.self) {
                try GrantRule.checkGrant(actor: OrgRole.owner, grants: role, targetCurrent: .owner, ownerCount: 1)
            }
            #expect(error?.code == "last_owner")
            try GrantRule.checkGrant(actor: OrgRole.owner, grants: role, targetCurrent: .owner, ownerCount: 2)
        }
        // Re-granting owner to the only owner changes nothing and is fine.
        try GrantRule.checkGrant(actor: WorkspaceRole.owner, grants: .owner, targetCurrent: .owner, ownerCount: 1)
    }

    // MARK: Removal and leaving

    @Test(
        "Workspace removal: nobody removes someone above them, and the last owner stays",
        arguments: WorkspaceRole.allCases, WorkspaceRole.allCases)
    func workspaceRemoval(actor: WorkspaceRole, target: WorkspaceRole) {
        for ownerCount in [1, 2] {
            let expected = expectedRemovalError(
                actor: actor.rawValue, target: target.rawValue, ownerCount: ownerCount, rank: workspaceRank)
            do throws(DomainError) {
                try GrantRule.checkRemoval(actor: actor, target: target, ownerCount: ownerCount)
                #expect(expected == nil, "owners: \(ownerCount)")
            } catch {
                #expect(error.code == expected, "owners: \(ownerCount)")
                if let expected { #expect(error.kind == kind(ofCode: expected)) }
            }
        }
    }

    @Test(
        "Org removal: nobody removes someone above them, and the last owner stays",
        arguments: OrgRole.allCases, OrgRole.allCases)
    func orgRemoval(actor: OrgRole, target: OrgRole) {
        for ownerCount in [1, 2] {
            let expected = expectedRemovalError(
                actor: actor.rawValue, target: target.rawValue, ownerCount: ownerCount, rank: orgRank)
            do throws(DomainError) {
                try GrantRule.checkRemoval(actor: actor, target: target, ownerCount: ownerCount)
                #expect(expected == nil, "owners: \(ownerCount)")
            } catch {
                #expect(error.code == expected, "owners: \(ownerCount)")
            }
        }
    }

    @Test("Anyone may leave a workspace except its last owner", arguments: WorkspaceRole.allCases)
    func workspaceLeave(role: WorkspaceRole) throws {
        try GrantRule.checkLeave(role: role, ownerCount: 2)
        if role.rawValue == "owner" {
            let error = #expect(throws: DomainError.self) { try GrantRule.checkLeave(role: role, ownerCount: 1) }
            #expect(error?.code == "last_owner")
            #expect(error?.kind == .conflict)
        } else {
            try GrantRule.checkLeave(role: role, ownerCount: 1)
        }
    }

    @Test("Anyone may leave an organisation except its last owner", arguments: OrgRole.allCases)
    func orgLeave(role: OrgRole) throws {
        try GrantRule.checkLeave(role: role, ownerCount: 2)
        if role.rawValue == "owner" {
            let error = #expect(throws: DomainError.self) { try GrantRule.checkLeave(role: role, ownerCount: 1) }
            #expect(error?.code == "last_owner")
        } else {
            try GrantRule.checkLeave(role: role, ownerCount: 1)
        }
    }

    @Test("checkActOn refuses only targets above the actor", arguments: WorkspaceRole.allCases, WorkspaceRole.allCases)
    func actOn(actor: WorkspaceRole, target: WorkspaceRole) {
        let above = workspaceRank[target.rawValue]! > workspaceRank[actor.rawValue]!
        do throws(DomainError) {
            try GrantRule.checkActOn(actor: actor, target: target)
            #expect(!above)
        } catch {
            #expect(above)
            #expect(error.code == "target_above_own_role")
        }
    }

    // MARK: What the pickers offer

    @Test("The invitable lists are the seeds' lists, in the seeds' order")
    func invitableLists() {
        #expect(WorkspaceRole.invitable.map(\.rawValue) == workspaceInviteOffer)
        #expect(OrgRole.invitable.map(\.rawValue) == orgInviteOffer)
        // NOTES §5: a link invite carries observer, external or member only.
        #expect(Set(WorkspaceRole.linkInvitable) == [.observer, .external, .member])
    }

    @Test("A workspace invite offers the seeds' roles up to the actor's own", arguments: WorkspaceRole.allCases)
    func workspaceGrantableInvites(actor: WorkspaceRole) {
        let expected = workspaceInviteOffer.filter { workspaceRank[$0]! <= workspaceRank[actor.rawValue]! }
        #expect(GrantRule.grantableInvites(by: actor).map(\.rawValue) == expected)
        #expect(!GrantRule.grantableInvites(by: actor).contains(.owner))
    }

    @Test("Workspace invite offers for the named roles")
    func workspaceGrantableInvitesNamed() {
        let all: [WorkspaceRole] = [.admin, .member, .billing, .external, .observer]
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.owner) == all)
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.admin) == all)
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.billing) == [.member, .billing, .external, .observer])
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.member) == [.member, .external, .observer])
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.external) == [.external, .observer])
        #expect(GrantRule.grantableInvites(by: WorkspaceRole.observer) == [.observer])
    }

    @Test("An org invite offers owner only when an owner invites", arguments: OrgRole.allCases)
    func orgGrantableInvites(actor: OrgRole) {
        let expected = orgInviteOffer.filter {
            orgRank[$0]! <= orgRank[actor.rawValue]! && ($0 != "owner" || actor.rawValue == "owner")
        }
        #expect(GrantRule.grantableInvites(by: actor).map(\.rawValue) == expected)
    }

    @Test("Org invite offers for the named roles")
    func orgGrantableInvitesNamed() {
        #expect(GrantRule.grantableInvites(by: OrgRole.owner) == [.member, .admin, .billing, .owner])
        #expect(GrantRule.grantableInvites(by: OrgRole.admin) == [.member, .admin, .billing])
        #expect(GrantRule.grantableInvites(by: OrgRole.billing) == [.member, .billing])
        #expect(GrantRule.grantableInvites(by: OrgRole.member) == [.member])
    }

    @Test("A workspace role change offers every role up to the actor's own", arguments: WorkspaceRole.allCases)
    func workspaceAssignable(actor: WorkspaceRole) throws {
        let offered: [WorkspaceRole] = GrantRule.assignableRoles(by: actor)
        let expected = WorkspaceRole.allCases.filter { workspaceRank[$0.rawValue]! <= workspaceRank[actor.rawValue]! }
        #expect(Set(offered) == Set(expected))
        #expect(offered.contains(.owner) == (actor == .owner))
        // Whatever is offered passes the grant rule, and nothing else does.
        for role in WorkspaceRole.allCases {
            let passes =
                (try? GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: nil, ownerCount: 1))
                != nil
            #expect(passes == offered.contains(role), "\(role)")
        }
        for role in GrantRule.grantableInvites(by: actor) {
            try GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: nil, ownerCount: 1)
        }
    }

    @Test("An org role change offers every role up to the actor's own", arguments: OrgRole.allCases)
    func orgAssignable(actor: OrgRole) throws {
        let offered: [OrgRole] = GrantRule.assignableRoles(by: actor)
        let expected = OrgRole.allCases.filter { orgRank[$0.rawValue]! <= orgRank[actor.rawValue]! }
        #expect(Set(offered) == Set(expected))
        for role in OrgRole.allCases {
            let passes =
                (try? GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: nil, ownerCount: 1))
                != nil
            #expect(passes == offered.contains(role), "\(role)")
        }
        for role in GrantRule.grantableInvites(by: actor) {
            try GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: nil, ownerCount: 1)
        }
    }
}
