import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Projects, conversations, reports and Ask: the work the permission matrix guards.
public struct WorkService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    static let maxConversationLength = 20_000
    /// How many of the conversations the index finds Ask ranks itself.
    static let askCandidates = 200

    // MARK: Projects

    public func createProject(in id: WorkspaceID, name: String?, description: String?, by actor: UserID)
        async throws -> Project
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.createProjects)
        var v = Validator()
        let name = v.name(name, field: "name")
        let description = v.optionalText(description, field: "description", max: 2000)
        try v.check()
        let row = ProjectRow()
        row.workspaceID = id.uuid
        row.name = name
        row.description = description
        row.createdAt = env.clock.now()
        try await row.create(on: db)
        return row.value
    }

    /// Newest first.
    public func projects(in id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws -> (
        WorkspaceContext, ListPage<Project>
    ) {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.viewProjects)
        let list = try await WorkQueries.projects(in: id, page: page, on: db)
        return (ctx, list)
    }

    /// A project and the caller's standing in its workspace; 404 when they can't reach it.
    public func project(_ id: ProjectID, by actor: UserID) async throws -> (WorkspaceContext, Project) {
        try await Load.projectContext(id, user: actor, on: db)
    }

    public func viewProject(_ id: ProjectID, by actor: UserID) async throws -> (WorkspaceContext, Project) {
        let (ctx, project) = try await project(id, by: actor)
        try ctx.require(.viewProjects)
        return (ctx, project)
    }

    public func updateProject(_ id: ProjectID, name: String?, description: String?, by actor: UserID) async throws
        -> Project
    {
        let (ctx, project) = try await project(id, by: actor)
        try ctx.require(.editProjects)
        var v = Validator()
        let newName = name.map { v.name($0, field: "name") } ?? project.name
        let newDescription =
            description.map { v.optionalText($0, field: "description", max: 2000) }
            ?? project.description
        try v.check()
        try await WorkQueries.updateProject(id, name: newName, description: newDescription, on: db)
        var updated = project
        updated.name = newName
        updated.description = newDescription
        return updated
    }

    public func deleteProject(_ id: ProjectID, by actor: UserID) async throws {
        let (ctx, project) = try await project(id, by: actor)
        try ctx.require(.deleteProjects)
        try await db.transaction { tx in
            try await WorkQueries.deleteProject(id, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "project.deleted", actor: actor, org: ctx.org.id.uuid, workspace: ctx.workspace.id.uuid,
                target: .init(type: "project", id: id.description, label: project.name))
        }
    }

    // MARK: Conversations

    public func recordConversation(in id: ProjectID, participantName: String?, text: String?, by actor: UserID)
        async throws -> Conversation
    {
        let (ctx, _) = try await project(id, by: actor)
        try ctx.require(.recordConversations)
        return try await insertConversation(id, participantName: participantName, text: text, source: "host", by: actor)
    }

    func insertConversation(
        _ id: ProjectID, participantName: String?, text: String?, source: String, by actor: UserID?
    ) async throws -> Conversation {
        var v = Validator()
        var name = v.optionalText(participantName, field: "participantName", max: 120)
        let text = v.requiredText(text, field: "text", max: Self.maxConversationLength)
        try v.check()
        if name.isEmpty { name = "Anonymous participant" }
        // A project holds at most this many conversations, so reports and Ask stay within reach
        // (docs/performance.md). Two recordings at the very limit may both pass: a soft cap.
        let held = try await WorkQueries.conversationCount(in: id, on: db)
        guard held < env.conversationsPerProject else {
            throw DomainError(
                .conflict, code: "project_full",
                detail: "This project holds the most conversations a project can (\(env.conversationsPerProject)). "
                    + "Start a new project for more.")
        }
        let row = ConversationRow()
        row.projectID = id.uuid
        row.participantName = name
        row.text = text
        row.source = source
        row.recordedBy = actor?.uuid
        row.createdAt = env.clock.now()
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await ConversationSearch.add(conversation: row.id!, project: id.uuid, text: text, on: tx)
        }
        return row.value
    }

    /// Newest first.
    public func conversations(in id: ProjectID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<Conversation>
    {
        let (ctx, _) = try await project(id, by: actor)
        try ctx.require(.readConversations)
        return try await WorkQueries.conversations(in: id, page: page, on: db)
    }

    public func conversation(_ id: ConversationID, by actor: UserID) async throws -> (
        WorkspaceContext, Project, Conversation
    ) {
        guard let row = try await ConversationRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That conversation")
        }
        let (ctx, project) = try await project(ProjectID(row.projectID), by: actor)
        try ctx.require(.readConversations)
        return (ctx, project, row.value)
    }

    public func deleteConversation(_ id: ConversationID, by actor: UserID) async throws -> ProjectID {
        guard let row = try await ConversationRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That conversation")
        }
        let (ctx, _) = try await project(ProjectID(row.projectID), by: actor)
        try ctx.require(.deleteConversations)
        try await db.transaction { tx in
            try await WorkQueries.deleteConversation(row, on: tx)
        }
        return ProjectID(row.projectID)
    }

    // MARK: Reports

    public func buildReport(in id: ProjectID, by actor: UserID) async throws -> Report {
        let (ctx, _) = try await project(id, by: actor)
        try ctx.require(.buildReports)
        // Two passes a page at a time, oldest first: counts, then quotes (ReportBuilder).
        var tally = ReportBuilder.Tally()
        try await WorkQueries.eachConversation(in: id, on: db) { tally.add($0) }
        let topTerms = tally.topTerms(limit: 10)
        var picker = ReportBuilder.QuotePicker(topTerms: topTerms, limit: 3)
        try await WorkQueries.eachConversation(in: id, on: db) { picker.consider($0) }
        let content = ReportBuilder.content(tally: tally, topTerms: topTerms, quotes: picker.quotes)
        let row = ReportRow()
        row.projectID = id.uuid
        row.status = ReportStatus.draft.rawValue
        row.content = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        row.createdBy = actor.uuid
        row.createdAt = env.clock.now()
        try await row.create(on: db)
        return row.value
    }

    /// Newest first.
    public func reports(in id: ProjectID, page: PageQuery = .first, by actor: UserID) async throws -> ListPage<Report> {
        let (ctx, _) = try await project(id, by: actor)
        try ctx.require(.viewReports)
        return try await WorkQueries.reports(in: id, page: page, on: db)
    }

    public func report(_ id: ReportID, by actor: UserID) async throws -> (WorkspaceContext, Project, Report) {
        guard let row = try await ReportRow.find(id.uuid, on: db) else { throw DomainError.notFound("That report") }
        let (ctx, project) = try await project(ProjectID(row.projectID), by: actor)
        try ctx.require(.viewReports)
        return (ctx, project, row.value)
    }

    public func publishReport(_ id: ReportID, by actor: UserID) async throws -> Report {
        guard let row = try await ReportRow.find(id.uuid, on: db) else { throw DomainError.notFound("That report") }
        let (ctx, _) = try await project(ProjectID(row.projectID), by: actor)
        try ctx.require(.publishReports)
        if row.status != ReportStatus.published.rawValue {
            row.status = ReportStatus.published.rawValue
            row.publishedAt = env.clock.now()
            try await row.save(on: db)
        }
        return row.value
    }

    public func deleteReport(_ id: ReportID, by actor: UserID) async throws -> ProjectID {
        guard let row = try await ReportRow.find(id.uuid, on: db) else { throw DomainError.notFound("That report") }
        let (ctx, _) = try await project(ProjectID(row.projectID), by: actor)
        try ctx.require(.deleteReports)
        try await row.delete(on: db)
        return ProjectID(row.projectID)
    }

    // MARK: Ask

    public struct Answer: Sendable {
        public var question: String
        public var answer: String
        public var citations: [(conversation: Conversation, excerpt: String)]
    }

    public func ask(in id: ProjectID, question: String?, by actor: UserID) async throws -> Answer {
        let (ctx, _) = try await project(id, by: actor)
        try ctx.require(.ask)
        var v = Validator()
        let question = v.requiredText(question, field: "question", max: 1000)
        try v.check()
        // The full-text index finds the conversations that mention the question's terms; BM25 then
        // ranks the best of them with the statistics of the whole project.
        let terms = Retrieval.terms(of: question)
        let corpus = try await ConversationSearch.corpus(project: id.uuid, terms: terms, on: db)
        let ids = try await ConversationSearch.candidates(
            project: id.uuid, terms: terms, limit: Self.askCandidates, on: db)
        let rows = try await WorkQueries.conversations(ids, on: db)
        let documents = rows.map(\.analysisText)
        let result = Retrieval.answer(
            question: question,
            hits: Retrieval.rank(question: question, candidates: documents, corpus: corpus),
            from: documents, projectSize: corpus.documentCount)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { (ConversationID($0.id!).description, $0.value) })
        return Answer(
            question: question, answer: result.answer,
            citations: result.hits.compactMap { hit in byID[hit.conversationID].map { ($0, hit.excerpt) } })
    }
}
