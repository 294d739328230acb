import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// Walks every cell of the workspace matrix against the real routes. The expected table is the
/// seeds' "What each role can do", written out again here (plus NOTES §2), so a wrong matrix in
/// StewardCore or a handler that skips the check both fail.
@Suite("Workspace permission matrix over HTTP")
struct WorkspaceMatrixHTTPTests {
    static let expected: [WorkspaceCapability: Set<WorkspaceRole>] = [
        .viewProjects: [.owner, .admin, .member, .external, .observer],
        .createProjects: [.owner, .admin, .member],
        .editProjects: [.owner, .admin, .member, .external],
        .deleteProjects: [.owner, .admin],
        .readConversations: [.owner, .admin, .member, .external, .observer],
        .deleteConversations: [.owner, .admin, .member],
        .ask: [.owner, .admin, .member, .external],
        .viewReports: [.owner, .admin, .member, .external, .observer],
        .buildReports: [.owner, .admin, .member, .external],
        .manageMembers: [.owner, .admin],
        .changeSettings: [.owner, .admin],
        .viewUsage: [.owner, .admin, .member, .billing],
        .recordConversations: [.owner, .admin, .member],
        .publishReports: [.owner, .admin, .member],
        .deleteReports: [.owner, .admin],
        .viewAudit: [.owner, .admin],
    ]

    /// A request that exercises one capability, with the status it answers when allowed.
    struct Probe: Sendable, CustomTestStringConvertible {
        var capability: WorkspaceCapability
        var allowed: HTTPStatus
        var testDescription: String { capability.rawValue }
    }

    static let probes: [Probe] = [
        Probe(capability: .viewProjects, allowed: .ok),
        Probe(capability: .createProjects, allowed: .created),
        Probe(capability: .editProjects, allowed: .ok),
        Probe(capability: .deleteProjects, allowed: .noContent),
        Probe(capability: .readConversations, allowed: .ok),
        Probe(capability: .deleteConversations, allowed: .noContent),
        Probe(capability: .ask, allowed: .ok),
        Probe(capability: .viewReports, allowed: .ok),
        Probe(capability: .buildReports, allowed: .created),
        Probe(capability: .manageMembers, allowed: .ok),
        Probe(capability: .changeSettings, allowed: .ok),
        Probe(capability: .viewUsage, allowed: .ok),
        Probe(capability: .recordConversations, allowed: .created),
        Probe(capability: .publishReports, allowed: .ok),
        Probe(capability: .deleteReports, allowed: .noContent),
        Probe(capability: .viewAudit, allowed: .ok),
    ]

    @Test("every probed capability is in the expected table, and every table row has a probe")
    func probesCoverTheTable() {
        #expect(Set(Self.probes.map(\.capability)) == Set(Self.expected.keys))
        // The capabilities without a route yet (invoices, moving projects, whitelabel) arrive with
        // the billing and partner issues; the tier-gated visibility change is tested below.
        let untestedHere: Set<WorkspaceCapability> = [.viewInvoices, .moveProjects, .whitelabel, .restrictVisibility]
        #expect(Set(WorkspaceCapability.allCases).subtracting(untestedHere) == Set(Self.expected.keys))
    }

    @Test(
        "each role is allowed or refused exactly as the seeds' table says", arguments: probes,
        [WorkspaceKind.internal, .externalClient])
    func cell(probe: Probe, kind: WorkspaceKind) async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let workspace = world.workspace(kind)
            let roles = WorkspaceRole.allCases.filter { $0 != .observer || kind == .externalClient }
            for role in roles {
                let actor = world.people[role]!
                let reply = try await run(probe.capability, as: actor, role: role, in: workspace, world: world)
                let shouldAllow = Self.expected[probe.capability]!.contains(role)
                if shouldAllow {
                    #expect(reply.status == probe.allowed, "\(role) \(probe.capability) in \(kind): \(reply.text)")
                } else {
                    #expect(reply.status == .forbidden, "\(role) \(probe.capability) in \(kind): \(reply.text)")
                    #expect(reply.isProblem && reply.code == "forbidden", "\(reply.text)")
                }
            }
        }
    }

    private func run(
        _ capability: WorkspaceCapability, as actor: Person, role: WorkspaceRole, in workspace: String, world: World
    ) async throws -> Reply {
        let app = world.app
        let token = actor.token
        switch capability {
        case .viewProjects:
            _ = try await world.createProject(in: workspace)
            return try await app.send(.GET, "/api/v1/workspaces/\(workspace)/projects", token: token)
        case .createProjects:
            return try await app.send(
                .POST, "/api/v1/workspaces/\(workspace)/projects", token: token, json: ["name": "By \(role)"])
        case .editProjects:
            let project = try await world.createProject(in: workspace)
            return try await app.send(.PATCH, "/api/v1/projects/\(project)", token: token, json: ["name": "Renamed"])
        case .deleteProjects:
            let project = try await world.createProject(in: workspace)
            return try await app.send(.DELETE, "/api/v1/projects/\(project)", token: token)
        case .readConversations:
            let project = try await world.createProject(in: workspace)
            _ = try await world.recordConversation(in: project)
            return try await app.send(.GET, "/api/v1/projects/\(project)/conversations", token: token)
        case .deleteConversations:
            let project = try await world.createProject(in: workspace)
            let conversation = try await world.recordConversation(in: project)
            return try await app.send(.DELETE, "/api/v1/conversations/\(conversation)", token: token)
        case .ask:
            let project = try await world.createProject(in: workspace)
            _ = try await world.recordConversation(in: project)
            return try await app.send(
                .POST, "/api/v1/projects/\(project)/ask", token: token, json: ["question": "What about the bus?"])
        case .viewReports:
            let project = try await world.createProject(in: workspace)
            _ = try await world.buildReport(in: project)
            return try await app.send(.GET, "/api/v1/projects/\(project)/reports", token: token)
        case .buildReports:
            let project = try await world.createProject(in: workspace)
            return try await app.send(.POST, "/api/v1/projects/\(project)/reports", token: token)
        case .manageMembers:
            let newcomer = try await app.registerUser("new-\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com")
            _ = newcomer
            let email = try await app.send(.GET, "/api/v1/me", token: newcomer.token).string("email")
            return try await app.send(
                .POST, "/api/v1/workspaces/\(workspace)/invites", token: token,
                json: ["emails": [email], "role": "external"])
        case .changeSettings:
            return try await app.send(
                .PATCH, "/api/v1/workspaces/\(workspace)", token: token, json: ["name": "Renamed"])
        case .viewUsage:
            return try await app.send(.GET, "/api/v1/workspaces/\(workspace)/usage", token: token)
        case .recordConversations:
            let project = try await world.createProject(in: workspace)
            return try await app.send(
                .POST, "/api/v1/projects/\(project)/conversations", token: token, json: ["text": "Hello"])
        case .publishReports:
            let project = try await world.createProject(in: workspace)
            let report = try await world.buildReport(in: project)
            return try await app.send(.POST, "/api/v1/reports/\(report)/publish", token: token)
        case .deleteReports:
            let project = try await world.createProject(in: workspace)
            let report = try await world.buildReport(in: project)
            return try await app.send(.DELETE, "/api/v1/reports/\(report)", token: token)
        case .viewAudit:
            return try await app.send(.GET, "/api/v1/workspaces/\(workspace)/audit", token: token)
        default:
            Issue.record("no probe for \(capability)")
            return try await app.send(.GET, "/healthz")
        }
    }

    @Test("tightening visibility needs owner or admin and the innovator tier")
    func restrictVisibilityIsTierGated() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let path = "/api/v1/workspaces/\(world.internalID)"
            for role in WorkspaceRole.allCases where role != .observer {
                let reply = try await app.send(
                    .PATCH, path, token: world.people[role]!.token, json: ["visibility": "inviteOnly"])
                #expect(reply.status == .forbidden)
                let expectedCode = [.owner, .admin].contains(role) ? "tier_required" : "forbidden"
                #expect(reply.code == expectedCode, "\(role): \(reply.text)")
                if expectedCode == "tier_required" { #expect(reply["requiredTier"] as? String == "innovator") }
            }
            try await world.setTier(.innovator)
            for role in [WorkspaceRole.admin, .owner] {
                let target = role == .admin ? "inviteOnly" : "private"
                let reply = try await app.send(
                    .PATCH, path, token: world.people[role]!.token, json: ["visibility": target])
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(reply.string("visibility") == target)
            }
            let member = try await app.send(
                .PATCH, path, token: world.people[.member]!.token, json: ["visibility": "open"])
            #expect(member.status == .forbidden)
        }
    }

    @Test("someone outside the workspace gets 404 for it and everything in it, never 403")
    func outsidersSeeNothing() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            let conversation = try await world.recordConversation(in: project)
            let report = try await world.buildReport(in: project)
            let token = world.outsider.token
            let paths: [(HTTPMethod, String)] = [
                (.GET, "/api/v1/workspaces/\(world.internalID)"),
                (.GET, "/api/v1/workspaces/\(world.internalID)/members"),
                (.GET, "/api/v1/workspaces/\(world.internalID)/projects"),
                (.GET, "/api/v1/workspaces/\(world.internalID)/audit"),
                (.GET, "/api/v1/projects/\(project)"),
                (.DELETE, "/api/v1/projects/\(project)"),
                (.GET, "/api/v1/conversations/\(conversation)"),
                (.GET, "/api/v1/reports/\(report)"),
                (.GET, "/api/v1/orgs/\(world.orgID)"),
                (.GET, "/api/v1/orgs/\(world.orgID)/members"),
            ]
            for (method, path) in paths {
                let reply = try await app.send(method, path, token: token)
                #expect(reply.status == .notFound, "\(method) \(path): \(reply.text)")
                #expect(reply.isProblem)
            }
            let unknown = try await app.send(.GET, "/api/v1/workspaces/\(UUID().uuidString)", token: token)
            #expect(unknown.status == .notFound)
            let anonymous = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.code == "unauthenticated")
        }
    }
}

/// The organisation matrix of NOTES §2 against the real routes.
@Suite("Organisation permission matrix over HTTP")
struct OrgMatrixHTTPTests {
    static let expected: [OrgCapability: Set<OrgRole>] = [
        .viewOrganisation: [.owner, .admin, .billing, .member],
        .manageMembers: [.owner, .admin],
        .changeSettings: [.owner, .admin],
        .createWorkspaces: [.owner, .admin],
        .viewAudit: [.owner, .admin],
    ]

    @Test(
        "each org role is allowed or refused as NOTES §2 says",
        arguments: Array(expected.keys.sorted { $0.rawValue < $1.rawValue }))
    func cell(capability: OrgCapability) async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            for role in OrgRole.allCases {
                let token = world.orgPeople[role]!.token
                let base = "/api/v1/orgs/\(world.orgID)"
                let reply: Reply
                var allowed = HTTPStatus.ok
                switch capability {
                case .viewOrganisation:
                    reply = try await app.send(.GET, base, token: token)
                case .manageMembers:
                    let newcomer = "fresh-\(role.rawValue)@example.com"
                    _ = try await app.registerUser(newcomer)
                    reply = try await app.send(
                        .POST, base + "/invites", token: token, json: ["emails": [newcomer], "role": "member"])
                case .changeSettings:
                    reply = try await app.send(.PATCH, base, token: token, json: ["name": "Acme by \(role)"])
                case .createWorkspaces:
                    allowed = .created
                    reply = try await app.send(.POST, base + "/workspaces", token: token, json: ["name": "By \(role)"])
                case .viewAudit:
                    reply = try await app.send(.GET, base + "/audit", token: token)
                default:
                    Issue.record("no probe for \(capability)")
                    return
                }
                if Self.expected[capability]!.contains(role) {
                    #expect(reply.status == allowed, "\(role) \(capability): \(reply.text)")
                } else {
                    #expect(reply.status == .forbidden, "\(role) \(capability): \(reply.text)")
                }
            }
        }
    }

    @Test("org admins and the owner oversee open workspaces as admin without a seat; members and billing don't")
    func oversight() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = world.orgPeople[.admin]!
            let list = try await app.send(.GET, "/api/v1/workspaces", token: admin.token)
            let entry = list.items.first { $0["id"] as? String == world.internalID }
            #expect(entry?["role"] as? String == "admin")
            #expect(entry?["access"] as? String == "organisation")
            let members = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)/members", token: admin.token)
            let listed = members.items.first { ($0["user"] as? [String: Any])?["email"] as? String == admin.email }
            #expect(listed?["paidSeat"] as? Bool == false)
            #expect(listed?["access"] as? String == "organisation")
            let billing = world.orgPeople[.billing]!
            let billingList = try await app.send(.GET, "/api/v1/workspaces", token: billing.token)
            #expect(billingList.items.isEmpty)
            let refused = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: billing.token)
            #expect(refused.status == .notFound)
        }
    }
}
