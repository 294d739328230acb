import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The full-text index behind Ask, on both databases. A conversation is indexed as its project's
/// key (so a search never leaves its project and the index intersects the two itself) followed
/// by the terms `TextAnalysis` finds in it, so the database and the ranking agree on what a term is.
enum ConversationSearch {
    static func isPostgres(_ sql: any SQLDatabase) -> Bool { sql.dialect.name == "postgresql" }

    /// A term no text produces: "p" and the project id's 32 hex digits.
    static func projectKey(_ project: UUID) -> String {
        "p" + project.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Terms as both full-text engines read them: letters and digits only.
    static func searchable(_ term: String) -> String {
        String(term.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static func document(project: UUID, tokens: [String]) -> String {
        ([projectKey(project)] + tokens.map(searchable).filter { !$0.isEmpty }).joined(separator: " ")
    }

    /// Indexes a new conversation, in the caller's transaction.
    static func add(conversation: UUID, project: UUID, text: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let tokens = TextAnalysis.tokens(text)
        let document = document(project: project, tokens: tokens)
        if isPostgres(sql) {
            try await sql.raw(
                """
                INSERT INTO conversation_search (conversation_id, terms)
                VALUES (\(bind: conversation), to_tsvector('simple', \(bind: document)))
                """
            ).run()
            try await sql.raw(
                "UPDATE conversations SET token_count = \(bind: tokens.count) WHERE id = \(bind: conversation)"
            ).run()
        } else {
            // One statement picks the next row id and writes it, under SQLite's single writer.
            try await sql.raw(
                """
                INSERT INTO conversation_search (rowid, terms)
                SELECT COALESCE(MAX(rowid), 0) + 1, \(bind: document) FROM conversation_search
                """
            ).run()
            try await sql.raw(
                """
                UPDATE conversations SET token_count = \(bind: tokens.count), search_key = last_insert_rowid()
                WHERE id = \(bind: conversation)
                """
            ).run()
        }
    }

    /// Removes conversations from the index before they are deleted (PostgreSQL cascades).
    static func remove(conversations filter: SQLQueryString, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard !isPostgres(sql) else { return }
        try await sql.raw(
            "DELETE FROM conversation_search WHERE rowid IN (SELECT search_key FROM conversations WHERE \(filter))"
        ).run()
    }

    /// The project's size and average length, for BM25.
    static func corpus(project: UUID, terms: [String], on db: any Database) async throws -> Retrieval.Corpus {
        let sql = db as! any SQLDatabase
        var parts: [SQLQueryString] = [
            """
            SELECT '' AS term, COUNT(*) AS n, CAST(COALESCE(AVG(token_count), 0) AS DOUBLE PRECISION) AS average
            FROM conversations WHERE project_id = \(bind: project)
            """
        ]
        for term in terms where !searchable(term).isEmpty {
            parts.append(
                """
                SELECT \(bind: term) AS term, COUNT(*) AS n, CAST(0 AS DOUBLE PRECISION) AS average FROM conversation_search
                WHERE \(match(project: project, terms: [term], sql: sql))
                """)
        }
        var query = parts[0]
        for part in parts.dropFirst() { query = "\(query) UNION ALL \(part)" }
        var corpus = Retrieval.Corpus(documentCount: 0, averageLength: 0, documentFrequency: [:])
        for row in try await sql.raw(query).all() {
            let term = try row.decode(column: "term", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            if term.isEmpty {
                corpus.documentCount = n
                corpus.averageLength = try row.decode(column: "average", as: Double.self)
            } else {
                corpus.documentFrequency[term] = n
            }
        }
        return corpus
    }

    /// The ids of the project's conversations that contain any of the terms, best first by the
    /// engine's own ranking, at most `limit`.
    static func candidates(project: UUID, terms: [String], limit: Int, on db: any Database) async throws -> [UUID] {
        let sql = db as! any SQLDatabase
        guard terms.contains(where: { !searchable($0).isEmpty }) else { return [] }
        let rows: [any SQLRow]
        if isPostgres(sql) {
            rows = try await sql.raw(
                """
                SELECT conversation_id AS id FROM conversation_search
                WHERE \(match(project: project, terms: terms, sql: sql))
                ORDER BY ts_rank(terms, \(tsQuery(project: project, terms: terms))) DESC, conversation_id
                LIMIT \(literal: limit)
                """
            ).all()
        } else {
            rows = try await sql.raw(
                """
                SELECT c.id AS id FROM conversation_search
                JOIN conversations c ON c.search_key = conversation_search.rowid
                WHERE \(match(project: project, terms: terms, sql: sql))
                ORDER BY bm25(conversation_search), c.id LIMIT \(literal: limit)
                """
            ).all()
        }
        return try rows.map { try $0.decode(column: "id", as: UUID.self) }
    }

    private static func match(project: UUID, terms: [String], sql: any SQLDatabase) -> SQLQueryString {
        if isPostgres(sql) {
            return "terms @@ \(tsQuery(project: project, terms: terms))"
        }
        let any = terms.map(searchable).filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: " OR ")
        return "conversation_search MATCH \(bind: "\"\(projectKey(project))\" AND (\(any))")"
    }

    private static func tsQuery(project: UUID, terms: [String]) -> SQLQueryString {
        let any = terms.map(searchable).filter { !$0.isEmpty }.joined(separator: " | ")
        return "to_tsquery('simple', \(bind: "\(projectKey(project)) & (\(any))"))"
    }

    /// Rebuilds the index from the conversations, a page at a time (the migration that added it,
    /// and `steward reindex`).
    static func rebuild(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if isPostgres(sql) {
            try await sql.raw("DELETE FROM conversation_search").run()
        } else {
            try await sql.raw("DELETE FROM conversation_search").run()
            try await sql.raw("UPDATE conversations SET search_key = NULL").run()
        }
        var page = PageQuery(limit: 500)
        while true {
            let rows = try await ConversationRow.query(on: db).page(page, by: "created_at", descending: false).all()
            let cut = ListPage(rows: rows, request: page) { $0 }
            for row in cut.items {
                try await add(conversation: row.id!, project: row.projectID, text: row.text, on: db)
            }
            guard let next = cut.next else { break }
            page.after = next
        }
    }
}
