import Foundation
import StewardCore
import StewardStore
import Vapor

struct ConversationVM: Encodable {
    var tabs: WorkspaceTabsVM
    var projectName: String
    var projectPath: String
    var participantName: String
    var paragraphs: [String]
    var created: String
    var canDelete: Bool
    var deletePath: String
}

struct ReportVM: Encodable {
    var tabs: WorkspaceTabsVM
    var projectName: String
    var projectPath: String
    var content: ReportContent
    var published: Bool
    var created: String
    var publishedAt: String?
    var canPublish: Bool
    var canDelete: Bool
    var publishPath: String
    var deletePath: String
    var maxTermCount: Int
    var quotes: [QuoteVM]
}

struct QuoteVM: Encodable {
    var text: String
    var participantName: String
    var path: String?
}
