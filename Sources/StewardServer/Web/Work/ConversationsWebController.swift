import Foundation
import StewardCore
import StewardStore
import Vapor

/// One conversation and one report: reading, deleting, publishing.
struct ConversationsWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.conversation, use: conversationPage)
        app.on(.deleteConversation, use: deleteConversation)
        app.on(.report, use: reportPage)
        app.on(.publishReport, use: publishReport)
        app.on(.deleteReport, use: deleteReport)
    }

    func conversationPage(req: Request) async throws -> Response {
        let id: ConversationID = try req.id("id", "That conversation")
        let (ctx, project, conversation) = try await req.services.work.conversation(id, by: try req.userID)
        return try await req.page(
            "conversation", title: "Conversation with \(conversation.participantName)",
            ConversationVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(project.id), participantName: conversation.participantName,
                paragraphs: conversation.text.components(separatedBy: "\n").filter {
                    !$0.trimmingCharacters(in: .whitespaces).isEmpty
                },
                created: Format.dateTime(conversation.createdAt), canDelete: ctx.can(.deleteConversations),
                deletePath: Paths.conversation(id) + "/delete"))
    }

    func deleteConversation(req: Request) async throws -> Response {
        let projectID = try await req.services.work.deleteConversation(
            try req.id("id", "That conversation"), by: try req.userID)
        return req.see(Paths.project(projectID), notice: "Conversation deleted.")
    }

    func reportPage(req: Request) async throws -> Response {
        let id: ReportID = try req.id("id", "That report")
        let (ctx, project, report) = try await req.services.work.report(id, by: try req.userID)
        return try await req.page(
            "report", title: "Report: \(project.name)",
            ReportVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(project.id), content: report.content, published: report.status == .published,
                created: Format.dateTime(report.createdAt), publishedAt: report.publishedAt.map(Format.dateTime),
                canPublish: ctx.can(.publishReports) && report.status == .draft, canDelete: ctx.can(.deleteReports),
                publishPath: Paths.report(id) + "/publish", deletePath: Paths.report(id) + "/delete",
                maxTermCount: report.content.topTerms.first?.count ?? 1,
                quotes: report.content.quotes.map {
                    QuoteVM(
                        text: $0.text, participantName: $0.participantName,
                        path: ConversationID($0.conversationId).map(Paths.conversation))
                }))
    }

    func publishReport(req: Request) async throws -> Response {
        let id: ReportID = try req.id("id", "That report")
        _ = try await req.services.work.publishReport(id, by: try req.userID)
        return req.see(Paths.report(id), notice: "Report published.")
    }

    func deleteReport(req: Request) async throws -> Response {
        let projectID = try await req.services.work.deleteReport(try req.id("id", "That report"), by: try req.userID)
        return req.see(Paths.project(projectID), notice: "Report deleted.")
    }
}
