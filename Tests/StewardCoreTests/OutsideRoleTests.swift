import StewardCore
import Testing

/// seeds/003, "Two outside-the-team roles": external and observer are for people who aren't part
/// of the organisation.
private let outsideRoles: Set<String> = ["external", "observer"]

struct OutsideCase: Sendable, CustomTestStringConvertible {
    var role: WorkspaceRole
    var current: WorkspaceRole?
    var isOrgMember: Bool
    var kind: WorkspaceKind

    var testDescription: String {
        "\(current?.rawValue ?? "newcomer") → \(role.rawValue), "
            + "\(isOrgMember ? "org member" : "not in org"), \(kind.rawValue)"
    }

    static let all: [OutsideCase] = WorkspaceRole.allCases.flatMap { role in
        ([nil] + WorkspaceRole.allCases).flatMap { current in
            [false, true].flatMap { isOrgMember in
                [WorkspaceKind.internal, .externalClient].map {
                    OutsideCase(role: role, current: current, isOrgMember: isOrgMember, kind: $0)
                }
            }
        }
    }

    /// NOTES §4, rule by rule. Only the first two can both apply (an org member made observer in
    /// an internal workspace); the workspace's kind is reported first, since no person could fix it.
    var expected: (code: String, kind: DomainError.Kind, roleFieldError: Bool)? {
        let roleIsOutside = outsideRoles.contains(role.rawValue)
        if role.rawValue == "observer" && kind.rawValue == "internal" {
            return ("observer_needs_external_client_workspace", .unprocessable, true)
        }
        if roleIsOutside && isOrgMember {
            return ("outside_role_for_org_member", .unprocessable, true)
        }
        if let current, outsideRoles.contains(current.rawValue), !roleIsOutside {
            return ("outside_promotion_not_allowed", .conflict, false)
        }
        return nil
    }
}

@Suite("Outside roles")
struct OutsideRoleTests {
    @Test(
        "Every combination of role, current role, org membership and workspace kind follows NOTES §4",
        arguments: OutsideCase.all)
    func exhaustive(c: OutsideCase) {
        do throws(DomainError) {
            try OutsideRoleRule.checkWorkspaceRole(c.role, current: c.current, isOrgMember: c.isOrgMember, kind: c.kind)
            #expect(c.expected == nil, "expected \(c.expected?.code ?? "")")
        } catch {
            #expect(error.code == c.expected?.code)
            #expect(error.kind == c.expected?.kind)
            if c.expected?.roleFieldError == true {
                #expect(error.fieldErrors.map(\.field) == ["role"])
            }
            #expect(!error.detail.isEmpty)
        }
    }

    @Test("Only external and observer are outside roles", arguments: WorkspaceRole.allCases)
    func outsideFlag(role: WorkspaceRole) {
        #expect(role.isOutsideRole == outsideRoles.contains(role.rawValue))
    }

    @Test("An observer invite into an internal workspace is refused")
    func observerInInternal() {
        let error = #expect(throws: DomainError.self) {
            try OutsideRoleRule.checkWorkspaceRole(.observer, current: nil, isOrgMember: false, kind: .internal)
        }
        #expect(error?.code == "observer_needs_external_client_workspace")
        #expect(error?.kind == .unprocessable)
    }

    @Test("A role change to observer in an internal workspace is refused")
    func externalToObserverInInternal() {
        let error = #expect(throws: DomainError.self) {
            try OutsideRoleRule.checkWorkspaceRole(.observer, current: .external, isOrgMember: false, kind: .internal)
        }
        #expect(error?.code == "observer_needs_external_client_workspace")
    }

    @Test("An observer invite into an external-client workspace is fine for someone outside the org")
    func observerInExternalClient() throws {
        try OutsideRoleRule.checkWorkspaceRole(.observer, current: nil, isOrgMember: false, kind: .externalClient)
    }

    @Test(
        "Inviting an org member as external or observer is refused",
        arguments: [WorkspaceRole.external, .observer])
    func orgMemberAsOutside(role: WorkspaceRole) {
        let error = #expect(throws: DomainError.self) {
            try OutsideRoleRule.checkWorkspaceRole(role, current: nil, isOrgMember: true, kind: .externalClient)
        }
        #expect(error?.code == "outside_role_for_org_member")
        #expect(error?.detail.contains(role.rawValue.capitalized) == true)
    }

    @Test(
        "An outside collaborator cannot be changed to an inside role in one step",
        arguments: [WorkspaceRole.external, .observer], [WorkspaceRole.member, .billing, .admin, .owner])
    func outsidePromotion(current: WorkspaceRole, role: WorkspaceRole) {
        for kind in WorkspaceKind.allCases {
            let error = #expect(throws: DomainError.self) {
                try OutsideRoleRule.checkWorkspaceRole(role, current: current, isOrgMember: false, kind: kind)
            }
            #expect(error?.code == "outside_promotion_not_allowed")
            #expect(error?.kind == .conflict)
        }
    }

    @Test("Observer becomes external in one step in an external-client workspace")
    func observerToExternal() throws {
        try OutsideRoleRule.checkWorkspaceRole(.external, current: .observer, isOrgMember: false, kind: .externalClient)
    }

    @Test("External becomes observer in an external-client workspace")
    func externalToObserver() throws {
        try OutsideRoleRule.checkWorkspaceRole(.observer, current: .external, isOrgMember: false, kind: .externalClient)
    }

    @Test("Inside roles are unaffected for org members in either kind of workspace")
    func insideRolesForOrgMembers() throws {
        for kind in WorkspaceKind.allCases {
            for role in [WorkspaceRole.member, .billing, .admin, .owner] {
                try OutsideRoleRule.checkWorkspaceRole(role, current: nil, isOrgMember: true, kind: kind)
                try OutsideRoleRule.checkWorkspaceRole(role, current: .member, isOrgMember: true, kind: kind)
            }
        }
    }

    @Test(
        "Adding someone to the org is refused while they hold outside memberships there",
        arguments: [1, 2, 7])
    func orgAddRefused(count: Int) {
        let error = #expect(throws: DomainError.self) {
            try OutsideRoleRule.checkOrgAdd(outsideMembershipsInOrg: count)
        }
        #expect(error?.code == "outside_memberships_first")
        #expect(error?.kind == .conflict)
        #expect(error?.detail.contains("\(count)") == true)
    }

    @Test("Adding someone without outside memberships to the org is fine")
    func orgAddAllowed() throws {
        try OutsideRoleRule.checkOrgAdd(outsideMembershipsInOrg: 0)
    }
}
