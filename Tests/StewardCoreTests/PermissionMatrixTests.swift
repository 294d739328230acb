import StewardCore
import Testing

// MARK: - The spec, transcribed

/// Copied from seeds/003 (roles & permissions), "What each role can do". A tick is yes, a dash is
/// no; "usage only" is the one split cell. Parsed below rather than re-typed as Swift so that the
/// test reads exactly like the page.
private let seedTable = """
    | Action | owner | admin | member | billing | external | observer |
    |---|---|---|---|---|---|---|
    | View projects | ✓ | ✓ | ✓ | – | ✓ | ✓ |
    | Create projects | ✓ | ✓ | ✓ | – | – | – |
    | Edit projects | ✓ | ✓ | ✓ | – | ✓ | – |
    | Delete projects | ✓ | ✓ | – | – | – | – |
    | Read conversations | ✓ | ✓ | ✓ | – | ✓ | ✓ |
    | Delete conversations | ✓ | ✓ | ✓ | – | – | – |
    | Ask (chat) | ✓ | ✓ | ✓ | – | ✓ | – |
    | View reports | ✓ | ✓ | ✓ | – | ✓ | ✓ |
    | Build reports | ✓ | ✓ | ✓ | – | ✓ | – |
    | Invite & manage people | ✓ | ✓ | – | – | – | – |
    | Change settings | ✓ | ✓ | – | – | – | – |
    | See usage & invoices | ✓ | ✓ | usage only | ✓ | – | – |
    """

/// Which capability each row of the seeds' table is. "See usage & invoices" is two capabilities
/// (NOTES §2): the first is granted by "usage only", the second is not.
private let seedRowCapabilities: [String: [WorkspaceCapability]] = [
    "View projects": [.viewProjects],
    "Create projects": [.createProjects],
    "Edit projects": [.editProjects],
    "Delete projects": [.deleteProjects],
    "Read conversations": [.readConversations],
    "Delete conversations": [.deleteConversations],
    "Ask (chat)": [.ask],
    "View reports": [.viewReports],
    "Build reports": [.buildReports],
    "Invite & manage people": [.manageMembers],
    "Change settings": [.changeSettings],
    "See usage & invoices": [.viewUsage, .viewInvoices],
]

/// NOTES §2 additions (and the two tier-gated settings, which only owners and admins hold).
private let notesAdditions: [WorkspaceCapability: Set<WorkspaceRole>] = [
    .recordConversations: [.owner, .admin, .member],
    .publishReports: [.owner, .admin, .member],
    .deleteReports: [.owner, .admin],
    .moveProjects: [.owner, .admin],
    .viewAudit: [.owner, .admin],
    .restrictVisibility: [.owner, .admin],
    .whitelabel: [.owner, .admin],
]

/// NOTES §7: visibility tightening needs innovator+, whitelabel changemaker+; the rest is free.
private let tierGates: [WorkspaceCapability: Tier] = [
    .restrictVisibility: .innovator,
    .whitelabel: .changemaker,
]

/// NOTES §7, lowest first; compared by position here, not through `Tier`'s own ordering.
private let tierOrder: [Tier] = [.free, .innovator, .changemaker, .guardian]

private struct SeedRow {
    var action: String
    /// role name (as in the header) → cell text
    var cells: [String: String]
}

private func parseSeedTable() -> [SeedRow] {
    func columns(_ line: Substring) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
    let lines = seedTable.split(separator: "\n")
    let header = columns(lines[0]).dropFirst()
    return lines.dropFirst(2).map { line in
        let cols = columns(line)
        return SeedRow(action: cols[0], cells: Dictionary(uniqueKeysWithValues: zip(header, cols.dropFirst())))
    }
}

/// The whole workspace matrix as the spec states it: seed table, then NOTES additions.
private let expectedWorkspaceMatrix: [WorkspaceRole: Set<WorkspaceCapability>] = {
    var matrix: [WorkspaceRole: Set<WorkspaceCapability>] = [:]
    for role in WorkspaceRole.allCases { matrix[role] = [] }
    for row in parseSeedTable() {
        let capabilities = seedRowCapabilities[row.action]!
        for (roleName, cell) in row.cells {
            let role = WorkspaceRole(rawValue: roleName)!
            switch cell {
            case "✓": matrix[role]!.formUnion(capabilities)
            case "–": break
            case "usage only": matrix[role]!.insert(.viewUsage)
            default: break  // seedTableShape reports unknown cells
            }
        }
    }
    for (capability, roles) in notesAdditions {
        for role in roles { matrix[role]!.insert(capability) }
    }
    return matrix
}()

private func expectedDecision(_ role: WorkspaceRole?, _ capability: WorkspaceCapability, tier: Tier)
    -> AccessDecision
{
    guard let role, expectedWorkspaceMatrix[role]!.contains(capability) else { return .deniedByRole }
    if let needed = tierGates[capability], tierOrder.firstIndex(of: tier)! < tierOrder.firstIndex(of: needed)! {
        return .requiresTier(needed)
    }
    return .allowed
}

/// NOTES §2 (organisation), with §6 (the oversight matrix, carving into private workspaces),
/// §7 (billing manages the pooled account), §9 (owners and admins read the audit log) and §12
/// (only the owner requires two-factor).
/// Columns: owner, admin, billing, member.
private let orgTable: [(OrgCapability, owner: Bool, admin: Bool, billing: Bool, member: Bool)] = [
    (.viewOrganisation, true, true, true, true),
    (.discoverOpenWorkspaces, true, true, false, true),
    (.overseeNonPrivateWorkspaces, true, true, false, false),
    (.carveIntoPrivateWorkspaces, true, false, false, false),
    (.createWorkspaces, true, true, false, false),
    (.manageMembers, true, true, false, false),
    (.changeSettings, true, true, false, false),
    (.viewBilling, true, true, true, false),
    (.manageBilling, true, true, true, false),
    (.viewAudit, true, true, false, false),
    (.viewOverview, true, true, false, false),
    (.requireTwoFactor, true, false, false, false),
]

private func orgExpectation(_ role: OrgRole, _ capability: OrgCapability) -> Bool {
    let row = orgTable.first { $0.0 == capability }!
    switch role {
    case .owner: return row.owner
    case .admin: return row.admin
    case .billing: return row.billing
    case .member: return row.member
    }
}

// MARK: - Tests

@Suite("Permission matrix")
struct PermissionMatrixTests {
    @Test("The transcribed seed table has its twelve rows and six role columns")
    func seedTableShape() {
        let rows = parseSeedTable()
        #expect(rows.count == 12)
        #expect(Set(rows.map(\.action)) == Set(seedRowCapabilities.keys))
        for row in rows {
            #expect(Set(row.cells.keys) == Set(WorkspaceRole.allCases.map(\.rawValue)), "row \(row.action)")
            for cell in row.cells.values {
                #expect(["✓", "–", "usage only"].contains(cell), "row \(row.action)")
            }
        }
    }

    @Test("Every workspace capability is covered by the seed table or the NOTES additions, exactly once")
    func everyCapabilityIsSpecified() {
        let fromSeeds = seedRowCapabilities.values.flatMap { $0 }
        let fromNotes = Array(notesAdditions.keys)
        #expect(Set(fromSeeds).isDisjoint(with: fromNotes))
        #expect(fromSeeds.count + fromNotes.count == WorkspaceCapability.allCases.count)
        #expect(Set(fromSeeds).union(fromNotes) == Set(WorkspaceCapability.allCases))
    }

    @Test(
        "Each seed table cell matches Access at the highest tier",
        arguments: parseSeedTable().map(\.action), WorkspaceRole.allCases)
    func seedCell(action: String, role: WorkspaceRole) {
        let row = parseSeedTable().first { $0.action == action }!
        let cell = row.cells[role.rawValue]!
        let capabilities = seedRowCapabilities[action]!
        for (index, capability) in capabilities.enumerated() {
            let expected = cell == "✓" || (cell == "usage only" && index == 0)
            #expect(Access.can(role, capability, tier: .guardian) == expected, "\(action) / \(capability)")
            #expect(Access.can(role, capability) == expected, "\(action) / \(capability) at the default tier")
        }
    }

    @Test(
        "Access.decide matches the spec for every role, capability and tier",
        arguments: WorkspaceRole.allCases, WorkspaceCapability.allCases)
    func workspaceCell(role: WorkspaceRole, capability: WorkspaceCapability) {
        for tier in tierOrder {
            let expected = expectedDecision(role, capability, tier: tier)
            #expect(Access.decide(role, capability, tier: tier) == expected, "tier \(tier)")
            #expect(Access.can(role, capability, tier: tier) == (expected == .allowed), "tier \(tier)")
            #expect(Access.decide(role, capability, tier: tier).isAllowed == (expected == .allowed))
        }
        #expect(Access.decide(role, capability) == expectedDecision(role, capability, tier: .free))
    }

    @Test(
        "Access.require throws forbidden or tier_required exactly when decide says so",
        arguments: WorkspaceRole.allCases, WorkspaceCapability.allCases)
    func requireMatchesDecision(role: WorkspaceRole, capability: WorkspaceCapability) throws {
        for tier in tierOrder {
            switch expectedDecision(role, capability, tier: tier) {
            case .allowed:
                try Access.require(role, capability, tier: tier)
            case .deniedByRole:
                let error = #expect(throws: DomainError.self) { try Access.require(role, capability, tier: tier) }
                #expect(error?.code == "forbidden")
                #expect(error?.kind == .forbidden)
                #expect(error?.requiredTier == nil)
            case .requiresTier(let needed):
                let error = #expect(throws: DomainError.self) { try Access.require(role, capability, tier: tier) }
                #expect(error?.code == "tier_required")
                #expect(error?.kind == .forbidden)
                #expect(error?.requiredTier == needed)
            }
        }
    }

    @Test("Without a role nothing is allowed, at any tier", arguments: WorkspaceCapability.allCases)
    func nilRoleIsDenied(capability: WorkspaceCapability) {
        for tier in tierOrder {
            #expect(Access.decide(nil, capability, tier: tier) == .deniedByRole)
            #expect(!Access.can(nil as WorkspaceRole?, capability, tier: tier))
            let error = #expect(throws: DomainError.self) {
                try Access.require(nil as WorkspaceRole?, capability, tier: tier)
            }
            #expect(error?.code == "forbidden")
        }
    }

    @Test("Restricting visibility needs innovator or above for owners and admins")
    func restrictVisibilityTierGate() {
        for role in [WorkspaceRole.owner, .admin] {
            #expect(Access.decide(role, .restrictVisibility, tier: .free) == .requiresTier(.innovator))
            #expect(Access.decide(role, .restrictVisibility, tier: .innovator) == .allowed)
            #expect(Access.decide(role, .restrictVisibility, tier: .changemaker) == .allowed)
            #expect(Access.decide(role, .restrictVisibility, tier: .guardian) == .allowed)
        }
    }

    @Test("Whitelabel needs changemaker or above for owners and admins")
    func whitelabelTierGate() {
        for role in [WorkspaceRole.owner, .admin] {
            #expect(Access.decide(role, .whitelabel, tier: .free) == .requiresTier(.changemaker))
            #expect(Access.decide(role, .whitelabel, tier: .innovator) == .requiresTier(.changemaker))
            #expect(Access.decide(role, .whitelabel, tier: .changemaker) == .allowed)
            #expect(Access.decide(role, .whitelabel, tier: .guardian) == .allowed)
        }
    }

    @Test(
        "A role without a tier-gated capability is denied by role, never told to upgrade",
        arguments: [WorkspaceRole.member, .billing, .external, .observer],
        [WorkspaceCapability.restrictVisibility, .whitelabel])
    func roleDenialWinsOverTier(role: WorkspaceRole, capability: WorkspaceCapability) {
        for tier in tierOrder {
            #expect(Access.decide(role, capability, tier: tier) == .deniedByRole)
        }
    }

    @Test(
        "Tier-gated capabilities name the tier they need; the others are free",
        arguments: WorkspaceCapability.allCases)
    func requiredTierOfCapability(capability: WorkspaceCapability) {
        #expect(capability.requiredTier == (tierGates[capability] ?? .free))
    }

    @Test("Tiers are ordered free < innovator < changemaker < guardian")
    func tierOrdering() {
        for (i, lower) in tierOrder.enumerated() {
            for (j, higher) in tierOrder.enumerated() {
                #expect((lower < higher) == (i < j), "\(lower) vs \(higher)")
            }
        }
        #expect(Tier.allCases == tierOrder)
        #expect(Tier.changemaker.displayName == "Changemaker")
    }

    @Test("The tier_required error names the plan and carries it")
    func tierRequiredError() {
        let error = DomainError.tierRequired(.changemaker)
        #expect(error.code == "tier_required")
        #expect(error.requiredTier == .changemaker)
        #expect(error.detail.contains("Changemaker"))
    }

    @Test("The shape to remember holds: billing sees only money, observer just watches")
    func shapeToRemember() {
        let billing = Set(WorkspaceCapability.allCases.filter { Access.can(.billing, $0, tier: .guardian) })
        #expect(billing == [.viewUsage, .viewInvoices])
        let observer = Set(WorkspaceCapability.allCases.filter { Access.can(.observer, $0, tier: .guardian) })
        #expect(observer == [.viewProjects, .readConversations, .viewReports])
        #expect(!Access.can(.billing, .readConversations))
        #expect(!Access.can(.external, .createProjects))
        #expect(!Access.can(.external, .deleteProjects))
        #expect(!Access.can(.external, .manageMembers))
        #expect(Access.can(.member, .viewUsage))
        #expect(!Access.can(.member, .viewInvoices))
    }

    // MARK: Organisation

    @Test("The organisation table covers every org capability once")
    func orgTableComplete() {
        #expect(orgTable.count == OrgCapability.allCases.count)
        #expect(Set(orgTable.map(\.0)) == Set(OrgCapability.allCases))
    }

    @Test(
        "Every cell of the organisation matrix matches NOTES §2",
        arguments: OrgRole.allCases, OrgCapability.allCases)
    func orgCell(role: OrgRole, capability: OrgCapability) throws {
        let expected = orgExpectation(role, capability)
        #expect(Access.can(role, capability) == expected)
        if expected {
            try Access.require(role, capability)
        } else {
            let error = #expect(throws: DomainError.self) { try Access.require(role, capability) }
            #expect(error?.code == "forbidden")
            #expect(error?.kind == .forbidden)
        }
    }

    @Test("Without an org role nothing is allowed in the organisation", arguments: OrgCapability.allCases)
    func nilOrgRoleIsDenied(capability: OrgCapability) {
        #expect(!Access.can(nil as OrgRole?, capability))
        let error = #expect(throws: DomainError.self) { try Access.require(nil as OrgRole?, capability) }
        #expect(error?.code == "forbidden")
    }

    @Test("Org billing touches no content and org members cannot create workspaces")
    func orgShape() {
        #expect(!Access.can(OrgRole.billing, .overseeNonPrivateWorkspaces))
        #expect(!Access.can(OrgRole.billing, .createWorkspaces))
        #expect(Access.can(OrgRole.billing, .viewBilling))
        #expect(!Access.can(OrgRole.member, .createWorkspaces))
        #expect(Access.can(OrgRole.admin, .createWorkspaces))
        #expect(!Access.can(OrgRole.admin, .carveIntoPrivateWorkspaces))
        #expect(Access.can(OrgRole.owner, .carveIntoPrivateWorkspaces))
    }
}
