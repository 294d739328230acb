import FluentKit
import FluentSQL
import Foundation
import StewardCore

extension QueryBuilder where Model.IDValue == UUID {
    /// Keyset paging in the order of a time column with the id as tie-break: the rows after the
    /// item the cursor names (the database reads its keys itself, so no timestamp makes a round
    /// trip through Swift), plus one to know whether another page follows.
    func page(_ page: PageQuery, by column: String, descending: Bool = true) throws -> Self {
        let table = Model.schema
        if let after = page.after {
            guard let id = after.uuid(at: 0), after.keys.count == 1 else { throw DomainError.badCursor }
            let comparison = descending ? "<" : ">"
            filter(
                .sql(
                    embed: """
                        (\(ident: table).\(ident: column), \(ident: table).\(ident: "id")) \(unsafeRaw: comparison)
                        (SELECT c.\(ident: column), c.\(ident: "id") FROM \(ident: table) c WHERE c.\(ident: "id") = \(bind: id))
                        """))
        }
        let direction: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        return sort(FieldKey(stringLiteral: column), direction).sort(.id, direction).limit(page.limit + 1)
    }
}

extension ListPage {
    /// The page of rows fetched by `QueryBuilder.page`, mapped to values.
    init<Row: Model>(rows: [Row], request: PageQuery, map: (Row) throws -> Item) rethrows where Row.IDValue == UUID {
        let cut = ListPage<Row>(fetched: rows, limit: request.limit) { PageCursor([$0.id!.uuidString]) }
        self.init(items: try cut.items.map(map), next: cut.next)
    }
}

/// Lists of people ordered by role (highest first), then name, then id: members of a workspace
/// or an organisation. `people` selects `id`, `u_name` and an integer `rank` (plus whatever the
/// caller decodes); the keyset is (rank, lower-cased name, id), all values the database compares
/// exactly.
enum RankedPeople {
    static func page(_ people: SQLQueryString, page: PageQuery, on db: any Database) async throws -> [any SQLRow] {
        let sql = db as! any SQLDatabase
        var after: SQLQueryString = ""
        if let cursor = page.after {
            guard cursor.keys.count == 3, let rank = cursor.int(at: 0), let id = cursor.uuid(at: 2) else {
                throw DomainError.badCursor
            }
            let name = cursor.keys[1]
            after = """
                WHERE rank < \(bind: rank) OR (rank = \(bind: rank) AND lname > \(bind: name))
                  OR (rank = \(bind: rank) AND lname = \(bind: name) AND id > \(bind: id))
                """
        }
        return try await sql.raw(
            """
            SELECT * FROM (SELECT people.*, LOWER(people.u_name) AS lname FROM (\(people)) people) ranked \(after)
            ORDER BY rank DESC, lname ASC, id ASC LIMIT \(literal: page.limit + 1)
            """
        ).all()
    }

    /// The page and its cursor from rows fetched by `page`.
    static func cut<Item: Sendable>(_ rows: [any SQLRow], page: PageQuery, decode: (any SQLRow) throws -> Item?)
        throws -> ListPage<Item>
    {
        let visible = rows.prefix(page.limit)
        var next: PageCursor?
        if rows.count > page.limit, let last = visible.last {
            next = PageCursor([
                String(try last.decode(column: "rank", as: Int.self)),
                try last.decode(column: "lname", as: String.self),
                try last.decode(column: "id", as: UUID.self).uuidString,
            ])
        }
        return ListPage(items: try visible.compactMap(decode), next: next)
    }
}

/// Lists of workspaces ordered by name: the keyset is (lower-cased name `lname`, id `w_id`).
enum NamedKeyset {
    static func after(_ cursor: PageCursor?) throws -> SQLQueryString {
        guard let cursor else { return "" }
        guard cursor.keys.count == 2, let id = cursor.uuid(at: 1) else { throw DomainError.badCursor }
        let name = cursor.keys[0]
        return "WHERE lname > \(bind: name) OR (lname = \(bind: name) AND w_id > \(bind: id))"
    }

    /// The rows of this page (without the extra one) and the cursor after them.
    static func cut(_ rows: [any SQLRow], page: PageQuery) throws -> ListPage<any SQLRow> {
        let visible = Array(rows.prefix(page.limit))
        var next: PageCursor?
        if rows.count > page.limit, let last = visible.last {
            next = PageCursor([
                try last.decode(column: "lname", as: String.self),
                try last.decode(column: "w_id", as: UUID.self).uuidString,
            ])
        }
        return ListPage(items: visible, next: next)
    }
}

/// Keyset paging for hand-written queries in the order of a time column with the id as
/// tie-break (the same order and cursor as `QueryBuilder.page`).
enum TimeKeyset {
    /// `AND (alias.column, alias.id) < (the cursor row's)`, or nothing on the first page.
    static func after(_ page: PageQuery, table: String, alias: String, column: String, descending: Bool = true)
        throws -> SQLQueryString
    {
        guard let after = page.after else { return "" }
        guard after.keys.count == 1, let id = after.uuid(at: 0) else { throw DomainError.badCursor }
        return """
            AND (\(ident: alias).\(ident: column), \(ident: alias).\(ident: "id")) \(unsafeRaw: descending ? "<" : ">")
            (SELECT k.\(ident: column), k.\(ident: "id") FROM \(ident: table) k WHERE k.\(ident: "id") = \(bind: id))
            """
    }

    static func order(_ page: PageQuery, alias: String, column: String, descending: Bool = true) -> SQLQueryString {
        let direction = descending ? "DESC" : "ASC"
        return """
            ORDER BY \(ident: alias).\(ident: column) \(unsafeRaw: direction), \(ident: alias).\(ident: "id") \(unsafeRaw: direction)
            LIMIT \(literal: page.limit + 1)
            """
    }

    /// The page and its cursor from rows fetched with one extra.
    static func cut<Item: Sendable>(_ rows: [any SQLRow], page: PageQuery, decode: (any SQLRow) throws -> Item)
        throws -> ListPage<Item>
    {
        let visible = Array(rows.prefix(page.limit))
        let next =
            rows.count > page.limit
            ? try visible.last.map { PageCursor([try $0.decode(column: "id", as: UUID.self).uuidString]) } : nil
        return ListPage(items: try visible.map(decode), next: next)
    }
}
