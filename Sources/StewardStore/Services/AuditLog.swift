import FluentKit
import Foundation
import StewardCore

/// Writes audit events inside the caller's transaction, so a change and its record commit together.
struct AuditLog {
    let db: any Database
    let clock: any Clock

    struct Target {
        var type: String
        var id: String?
        var label: String?
    }

    func record(
        _ action: String, actor: UserID?, org: UUID?, workspace: UUID?, target: Target, before: String? = nil,
        after: String? = nil
    ) async throws {
        let row = AuditEventRow()
        row.orgID = org
        row.workspaceID = workspace
        row.actorID = actor?.uuid
        row.action = action
        row.targetType = target.type
        row.targetID = target.id
        row.targetLabel = target.label
        row.before = before
        row.after = after
        row.createdAt = clock.now()
        try await row.create(on: db)
    }

    static func user(_ row: UserRow) -> Target {
        Target(type: "user", id: row.id?.uuidString.lowercased(), label: row.email)
    }
}

extension AuditLog {
    /// Events of one scope, newest first, with their actors resolved.
    static func events(
        on db: any Database, org: UUID? = nil, workspace: UUID? = nil, limit: Int, before cursor: Int?
    ) async throws -> [AuditEvent] {
        // The actors come with the events (a left join: system events have none) in one statement.
        let query = AuditEventRow.query(on: db)
            .join(UserRow.self, on: \AuditEventRow.$actorID == \UserRow.$id, method: .left)
        if let workspace { query.filter(\.$workspaceID == workspace) }
        if let org { query.filter(\.$orgID == org) }
        if let cursor { query.filter(\.$id < cursor) }
        let rows = try await query.sort(\.$id, .descending).limit(limit).all()
        return rows.map {
            AuditEvent(
                sequence: $0.id!, actor: $0.actorID == nil ? nil : (try? $0.joined(UserRow.self))?.value,
                action: $0.action, targetType: $0.targetType, targetID: $0.targetID, targetLabel: $0.targetLabel,
                before: $0.before, after: $0.after, createdAt: $0.createdAt)
        }
    }
}
