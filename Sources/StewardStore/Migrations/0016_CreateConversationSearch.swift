import FluentKit
import FluentSQL

/// A full-text index of conversations for Ask: SQLite's FTS5 and PostgreSQL's tsvector with a
/// GIN index, both over the same terms (see `ConversationSearch`), and each conversation's term
/// count for BM25's length normalisation.
struct CreateConversationSearch: AsyncMigration {
    var name: String { "0016_CreateConversationSearch" }

    func prepare(on database: any Database) async throws {
        try await database.schema("conversations")
            .field("token_count", .int, .required, .sql(.default(0)))
            .update()
        let sql = database as! any SQLDatabase
        if ConversationSearch.isPostgres(sql) {
            try await sql.raw(
                """
                CREATE TABLE conversation_search (
                  conversation_id uuid PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
                  terms tsvector NOT NULL)
                """
            ).run()
            try await sql.raw("CREATE INDEX ix_conversation_search_terms ON conversation_search USING GIN (terms)")
                .run()
        } else {
            // The FTS row id is the conversation's `search_key`, so a deletion finds its row directly.
            try await database.schema("conversations").field("search_key", .int).update()
            try await sql.create(index: "ix_conversations_search_key").on("conversations").column("search_key").run()
            try await sql.raw(
                "CREATE VIRTUAL TABLE conversation_search USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')"
            ).run()
        }
        try await ConversationSearch.rebuild(on: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP TABLE conversation_search").run()
        if !ConversationSearch.isPostgres(sql) {
            try await sql.drop(index: "ix_conversations_search_key").run()
            try await database.schema("conversations").deleteField("search_key").update()
        }
        try await database.schema("conversations").deleteField("token_count").update()
    }
}
