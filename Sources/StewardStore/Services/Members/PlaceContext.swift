import FluentKit
import Foundation
import StewardCore

/// Who is asking, about which place (an organisation or a workspace), and with what standing:
/// what the members flow needs from either place.
public enum PlaceContext: Sendable {
    case org(OrgContext)
    case workspace(WorkspaceContext)

    public var place: Place {
        switch self {
        case .org(let c): .org(c.org.id)
        case .workspace(let c): .workspace(c.workspace.id)
        }
    }

    /// The organisation: the place itself, or the workspace's.
    public var org: Organisation {
        switch self {
        case .org(let c): c.org
        case .workspace(let c): c.org
        }
    }

    public var name: String {
        switch self {
        case .org(let c): c.org.name
        case .workspace(let c): c.workspace.name
        }
    }

    public var role: PlaceRole {
        switch self {
        case .org(let c): .org(c.role)
        case .workspace(let c): .workspace(c.role)
        }
    }

    /// The workspace's kind; nil for an organisation (its rules in `MemberRules` take it so).
    public var workspaceKind: WorkspaceKind? {
        if case .workspace(let c) = self { return c.workspace.kind }
        return nil
    }

    public var canManageMembers: Bool {
        switch self {
        case .org(let c): c.can(.manageMembers)
        case .workspace(let c): c.can(.manageMembers)
        }
    }

    func requireManagingMembers() throws(DomainError) {
        switch self {
        case .org(let c): try Access.require(c.role, .manageMembers)
        case .workspace(let c): try c.require(.manageMembers)
        }
    }

    var orgID: UUID { org.id.uuid }

    var workspaceID: UUID? {
        if case .workspace(let c) = self { return c.workspace.id.uuid }
        return nil
    }

    /// How invites, audit events and pending keys name the kind of place.
    var scope: String { workspaceID == nil ? "org" : "workspace" }

    /// The account whose seat a pending workspace invite reserves.
    var billingAccountID: UUID? {
        if case .workspace(let c) = self { return c.workspace.billingAccountID?.uuid }
        return nil
    }

    var emailScope: Emails.Scope { Emails.Scope(noun: place.noun, name: name) }

    func pendingKey(_ email: String) -> String { "\(scope):\(workspaceID ?? orgID):\(email)" }

    /// The caller's standing in a place; 404 when they are not in it.
    static func load(_ place: Place, user: UserID, on db: any Database) async throws -> PlaceContext {
        switch place {
        case .org(let id): .org(try await Load.orgContext(id, user: user, on: db))
        case .workspace(let id): .workspace(try await Load.workspaceContext(id, user: user, on: db))
        }
    }
}
