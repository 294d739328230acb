import StewardCore
import Vapor

// What the pages read from a request's path and query. The JSON API reads the same values from
// its generated inputs (APIInput).

extension Request {
    /// An untyped id from the path (an invite, a link, a deal); malformed is the same 404 as unknown.
    func uuidParameter(_ name: String, _ what: String) throws -> UUID {
        try APIInput.uuid(parameters.get(name) ?? "", what)
    }

    /// A typed id from the path; a malformed one is the same 404 as an unknown one.
    func id<Tag>(_ name: String, _ what: String) throws -> Identifier<Tag> {
        try APIInput.id(parameters.get(name) ?? "", what)
    }

    /// Lists are read signed in, so who is asking comes before what they asked (401 before 422).
    func pageQuery() throws -> PageQuery {
        _ = try requireUser()
        return try PageQuery.parse(limit: query[String.self, at: "limit"], cursor: query[String.self, at: "cursor"])
    }

    /// The audit log pages by its sequence number: (limit, the sequence to continue below).
    func auditPageQuery() throws -> (limit: Int, before: Int?) {
        try APIInput.auditPage(try pageQuery())
    }
}
