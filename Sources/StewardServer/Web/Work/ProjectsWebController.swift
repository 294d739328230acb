import Foundation
import StewardCore
import StewardStore
import Vapor

/// A project: its page, editing, deleting, recording a conversation, building a report, Ask.
struct ProjectsWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.project, use: projectPage)
        app.on(.editProject, use: editProjectPage)
        app.on(.saveProject, use: editProject)
        app.on(.deleteProject, use: deleteProject)
        app.on(.recordConversation, use: recordConversation)
        app.on(.buildReport, use: buildReport)
        app.on(.askProject, use: ask)
    }

    func projectPage(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let userID = try req.userID
        let (ctx, project) = try await req.services.work.viewProject(id, by: userID)
        let none = ListPage<Conversation>(items: [], next: nil)
        let conversations =
            ctx.can(.readConversations)
            ? try await req.services.work.conversations(in: id, page: try req.webPage(), by: userID) : none
        let reports =
            ctx.can(.viewReports)
            ? try await req.services.work.reports(in: id, page: try req.webPage("reports"), by: userID)
            : ListPage(items: [], next: nil)
        return try await req.page(
            "project", title: project.name,
            ProjectPageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), id: id.description,
                name: project.name,
                description: project.description, canEdit: ctx.can(.editProjects), canDelete: ctx.can(.deleteProjects),
                canReadConversations: ctx.can(.readConversations), canRecord: ctx.can(.recordConversations),
                canViewReports: ctx.can(.viewReports), canBuildReports: ctx.can(.buildReports), canAsk: ctx.can(.ask),
                conversations: conversations.items.map {
                    .init(
                        participantName: $0.participantName, excerpt: TextAnalysis.clip($0.text, to: 160),
                        path: Paths.conversation($0.id), created: Format.dateTime($0.createdAt))
                },
                conversationsPager: PagerVM(req, next: conversations.next, label: "Older conversations"),
                reports: reports.items.map {
                    .init(
                        title: "Report of \(Format.dateTime($0.createdAt))", published: $0.status == .published,
                        path: Paths.report($0.id), created: Format.dateTime($0.createdAt))
                },
                reportsPager: PagerVM(req, param: "reports", next: reports.next, label: "Older reports"),
                editPath: Paths.projectEdit(id), deletePath: Paths.project(id) + "/delete",
                recordPath: Paths.project(id) + "/conversations", buildPath: Paths.project(id) + "/reports",
                askPath: Paths.project(id) + "/ask", portalPath: Paths.portal(id),
                portalURL: req.application.stewardConfig.baseURL + Paths.portal(id),
                canMove: ctx.can(.moveProjects)
                    && (try? PartnerRule.checkProjectMove(sourceKind: ctx.workspace.kind)) != nil,
                moveTargets: try await PartnerWebController.moveTargets(req, from: ctx), movePath: Paths.projectMove(id)
            ))
    }

    func editProjectPage(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let (ctx, project) = try await req.services.work.viewProject(id, by: try req.userID)
        try ctx.require(.editProjects)
        return try await req.page(
            "project_edit", title: "Edit \(project.name)",
            EditProjectVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), name: project.name,
                description: project.description,
                savePath: Paths.projectEdit(id), backPath: Paths.project(id)))
    }

    func editProject(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let id: ProjectID = try req.id("id", "That project")
        _ = try await req.services.work.updateProject(
            id, name: form.name, description: form.description ?? "", by: try req.userID)
        return req.see(Paths.project(id), notice: "Project saved.")
    }

    func deleteProject(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let (ctx, project) = try await req.services.work.project(id, by: try req.userID)
        try await req.services.work.deleteProject(id, by: try req.userID)
        return req.see(Paths.workspace(ctx.workspace.id), notice: "Project “\(project.name)” deleted.")
    }

    func recordConversation(req: Request) async throws -> Response {
        let form = try req.form(ConversationForm.self)
        let id: ProjectID = try req.id("id", "That project")
        _ = try await req.services.work.recordConversation(
            in: id, participantName: form.participantName, text: form.text, by: try req.userID)
        return req.see(Paths.project(id), notice: "Conversation recorded.")
    }

    func buildReport(req: Request) async throws -> Response {
        let report = try await req.services.work.buildReport(in: try req.id("id", "That project"), by: try req.userID)
        return req.see(
            Paths.report(report.id),
            notice: "Report built from \(report.content.conversationCount) conversation"
                + (report.content.conversationCount == 1 ? "." : "s."))
    }

    func ask(req: Request) async throws -> Response {
        let form = try req.form(ConversationForm.self)
        let id: ProjectID = try req.id("id", "That project")
        let answer = try await req.services.work.ask(in: id, question: form.question, by: try req.userID)
        let (ctx, project) = try await req.services.work.viewProject(id, by: try req.userID)
        return try await req.page(
            "ask", title: "Ask \(project.name)",
            AskVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(id), askPath: Paths.project(id) + "/ask", question: answer.question,
                answerLines: answer.answer.split(separator: "\n").map(String.init),
                citations: answer.citations.enumerated().map {
                    .init(
                        number: $0.offset + 1, participantName: $0.element.conversation.participantName,
                        excerpt: $0.element.excerpt, path: Paths.conversation($0.element.conversation.id))
                }))
    }
}
