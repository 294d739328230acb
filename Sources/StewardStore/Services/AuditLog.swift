import FluentKit
import FluentSQL
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
        on db: any Database, org: UUID? = nil, workspace: UUID? = nil, limit: Int, before cursor: Int?,
        hidingPrivateFrom viewer: UUID? = nil
    ) async throws -> [AuditEvent] {
        // The actors come with the events (a left join: system events have none) in one statement,
        // decoded by hand: this list is read often and Fluent's model decoding reflects per row.
        let sql = db as! any SQLDatabase
        var conditions: [SQLQueryString] = []
        if let workspace { conditions.append("e.workspace_id = \(bind: workspace)") }
        if let org { conditions.append("e.org_id = \(bind: org)") }
        if let cursor { conditions.append("e.id < \(bind: cursor)") }
        if let viewer {
            // Events of private workspaces the viewer is not in (DiscoveryRule.orgViewShows).
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM workspaces pw WHERE pw.id = e.workspace_id
                  AND pw.visibility = \(bind: Visibility.private.rawValue)
                  AND NOT EXISTS (SELECT 1 FROM workspace_memberships pm WHERE pm.workspace_id = pw.id
                    AND pm.user_id = \(bind: viewer) AND pm.removed_at IS NULL))
                """)
        }
        var filter: SQLQueryString = ""
        for (index, condition) in conditions.enumerated() {
            filter = index == 0 ? "WHERE \(condition)" : "\(filter) AND \(condition)"
        }
        let rows = try await sql.raw(
            """
            SELECT e.id AS id, e.action AS action, e.target_type AS target_type, e.target_id AS target_id,
              e.target_label AS target_label, e.before AS before_value, e.after AS after_value,
              e.created_at AS created_at, u.id AS u_id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at
            FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
            \(filter) ORDER BY e.id DESC LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            AuditEvent(
                sequence: try row.decode(column: "id", as: Int.self),
                actor: try row.decode(column: "u_id", as: UUID?.self).map {
                    try ContextQueries.decodeUser(row, id: $0)
                },
                action: try row.decode(column: "action", as: String.self),
                targetType: try row.decode(column: "target_type", as: String.self),
                targetID: try row.decode(column: "target_id", as: String?.self),
                targetLabel: try row.decode(column: "target_label", as: String?.self),
                before: try row.decode(column: "before_value", as: String?.self),
                after: try row.decode(column: "after_value", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }
}
