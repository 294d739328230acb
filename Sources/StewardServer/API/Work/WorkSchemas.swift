import StewardAPI
import StewardCore
import StewardStore

// The domain types are named with their module: the schema types of the same name would
// otherwise be the nearer match inside these extensions.

extension Components.Schemas.Project {
    init(_ project: StewardCore.Project) {
        self.init(
            id: project.id.description, workspaceId: project.workspaceID.description, name: project.name,
            description: project.description, createdAt: project.createdAt)
    }
}

extension Components.Schemas.Conversation {
    init(_ conversation: StewardCore.Conversation) {
        self.init(
            id: conversation.id.description, projectId: conversation.projectID.description,
            participantName: conversation.participantName, text: conversation.text,
            createdAt: conversation.createdAt)
    }
}

extension Components.Schemas.Report {
    init(_ report: StewardCore.Report) {
        self.init(
            id: report.id.description, projectId: report.projectID.description, status: report.status.schema(),
            content: .init(report.content), createdAt: report.createdAt, publishedAt: report.publishedAt)
    }
}

extension Components.Schemas.ReportContent {
    init(_ content: StewardCore.ReportContent) {
        self.init(
            conversationCount: content.conversationCount, participantCount: content.participantCount,
            wordCount: content.wordCount,
            topTerms: content.topTerms.map { TopTermsPayloadPayload(term: $0.term, count: $0.count) },
            quotes: content.quotes.map {
                QuotesPayloadPayload(
                    conversationId: $0.conversationId, participantName: $0.participantName, text: $0.text)
            },
            summary: content.summary)
    }
}

extension Components.Schemas.AskResult {
    init(_ answer: WorkService.Answer) {
        self.init(
            question: answer.question, answer: answer.answer,
            citations: answer.citations.map {
                Components.Schemas.Citation(
                    conversationId: $0.conversation.id.description,
                    participantName: $0.conversation.participantName, excerpt: $0.excerpt)
            })
    }
}

extension Components.Schemas.PortalReceipt {
    /// What a participant gets back: the contribution's id, not its text.
    init(_ conversation: StewardCore.Conversation) {
        self.init(
            id: conversation.id.description, projectId: conversation.projectID.description,
            createdAt: conversation.createdAt)
    }
}
