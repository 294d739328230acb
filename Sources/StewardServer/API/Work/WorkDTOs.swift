import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct ProjectDTO: Content {
    var id: String
    var workspaceId: String
    var name: String
    var description: String
    var createdAt: Date
    init(_ p: Project) {
        id = p.id.description
        workspaceId = p.workspaceID.description
        name = p.name
        description = p.description
        createdAt = p.createdAt
    }
}

struct ConversationDTO: Content {
    var id: String
    var projectId: String
    var participantName: String
    var text: String
    var createdAt: Date
    init(_ c: Conversation) {
        id = c.id.description
        projectId = c.projectID.description
        participantName = c.participantName
        text = c.text
        createdAt = c.createdAt
    }
}

struct ReportDTO: Content {
    var id: String
    var projectId: String
    var status: ReportStatus
    var content: ReportContent
    var createdAt: Date
    var publishedAt: Date?
    init(_ r: Report) {
        id = r.id.description
        projectId = r.projectID.description
        status = r.status
        content = r.content
        createdAt = r.createdAt
        publishedAt = r.publishedAt
    }
}

struct AskResultDTO: Content {
    struct Citation: Content {
        var conversationId: String
        var participantName: String
        var excerpt: String
    }
    var question: String
    var answer: String
    var citations: [Citation]
    init(_ a: WorkService.Answer) {
        question = a.question
        answer = a.answer
        citations = a.citations.map {
            Citation(
                conversationId: $0.conversation.id.description, participantName: $0.conversation.participantName,
                excerpt: $0.excerpt)
        }
    }
}

struct ProjectInput: Content {
    var name: String?
    var description: String?
}

struct ConversationInput: Content {
    var participantName: String?
    var text: String?
}

struct AskInput: Content { var question: String? }
