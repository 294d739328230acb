import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Projects, their conversations and reports as stored, read and written for what WorkService asks.
enum WorkQueries {
    // MARK: Projects

    /// A workspace's projects, newest first; decoded by hand: lists are read often and Fluent's
    /// model decoding reflects per row.
    static func projects(in workspace: WorkspaceID, page: PageQuery, on db: any Database) async throws
        -> ListPage<Project>
    {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT p.id AS id, p.name AS name, p.description AS description, p.created_at AS created_at
            FROM projects p WHERE p.workspace_id = \(bind: workspace.uuid)
            \(try TimeKeyset.after(page, table: "projects", alias: "p", column: "created_at"))
            \(TimeKeyset.order(page, alias: "p", column: "created_at"))
            """
        ).all()
        return try TimeKeyset.cut(rows, page: page) { row in
            Project(
                id: ProjectID(try row.decode(column: "id", as: UUID.self)), workspaceID: workspace,
                name: try row.decode(column: "name", as: String.self),
                description: try row.decode(column: "description", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    static func updateProject(_ id: ProjectID, name: String, description: String, on db: any Database)
        async throws
    {
        try await ProjectRow.query(on: db).filter(\.$id == id.uuid).set(\.$name, to: name)
            .set(\.$description, to: description).update()
    }

    /// Deletes the project with its reports and conversations, children first and explicitly:
    /// SQLite enforces cascades only with foreign keys on.
    static func deleteProject(_ id: ProjectID, on tx: any Database) async throws {
        try await ReportRow.query(on: tx).filter(\.$projectID == id.uuid).delete()
        try await ConversationSearch.remove(conversations: "project_id = \(bind: id.uuid)", on: tx)
        try await ConversationRow.query(on: tx).filter(\.$projectID == id.uuid).delete()
        try await ProjectRow.query(on: tx).filter(\.$id == id.uuid).delete()
    }

    // MARK: Conversations

    static func conversationCount(in project: ProjectID, on db: any Database) async throws -> Int {
        try await ConversationRow.query(on: db).filter(\.$projectID == project.uuid).count()
    }

    /// A project's conversations, newest first; decoded by hand: lists are read often and Fluent's
    /// model decoding reflects per row.
    static func conversations(in project: ProjectID, page: PageQuery, on db: any Database) async throws
        -> ListPage<Conversation>
    {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT c.id AS id, c.participant_name AS participant_name, c.text AS text, c.created_at AS created_at
            FROM conversations c WHERE c.project_id = \(bind: project.uuid)
            \(try TimeKeyset.after(page, table: "conversations", alias: "c", column: "created_at"))
            \(TimeKeyset.order(page, alias: "c", column: "created_at"))
            """
        ).all()
        return try TimeKeyset.cut(rows, page: page) { row in
            Conversation(
                id: ConversationID(try row.decode(column: "id", as: UUID.self)), projectID: project,
                participantName: try row.decode(column: "participant_name", as: String.self),
                text: try row.decode(column: "text", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    /// Visits a project's conversations oldest first, 500 at a time.
    static func eachConversation(
        in project: ProjectID, on db: any Database, _ visit: (ConversationText) -> Void
    ) async throws {
        var page = PageQuery(limit: 500)
        while true {
            let rows = try await ConversationRow.query(on: db).filter(\.$projectID == project.uuid)
                .page(page, by: "created_at", descending: false).all()
            let cut = ListPage(rows: rows, request: page, map: \.analysisText)
            cut.items.forEach(visit)
            guard let next = cut.next else { return }
            page.after = next
        }
    }

    /// The conversations with these ids, oldest first.
    static func conversations(_ ids: [UUID], on db: any Database) async throws -> [ConversationRow] {
        guard !ids.isEmpty else { return [] }
        return try await ConversationRow.query(on: db).filter(\.$id ~~ ids).sort(\.$createdAt).all()
    }

    /// Deletes the conversation, taking it out of the search index first.
    static func deleteConversation(_ row: ConversationRow, on tx: any Database) async throws {
        try await ConversationSearch.remove(conversations: "id = \(bind: row.id!)", on: tx)
        try await row.delete(on: tx)
    }

    // MARK: Reports

    /// A project's reports, newest first.
    static func reports(in project: ProjectID, page: PageQuery, on db: any Database) async throws
        -> ListPage<Report>
    {
        let rows = try await ReportRow.query(on: db).filter(\.$projectID == project.uuid)
            .page(page, by: "created_at").all()
        return ListPage(rows: rows, request: page, map: \.value)
    }
}
