import Foundation
import StewardCore
import StewardStore
import Vapor

struct ProjectPageVM: Encodable {
    struct ConversationItem: Encodable {
        var participantName: String
        var excerpt: String
        var path: String
        var created: String
    }
    struct ReportItem: Encodable {
        var title: String
        var published: Bool
        var path: String
        var created: String
    }
    var tabs: WorkspaceTabsVM
    var id: String
    var name: String
    var description: String
    var canEdit: Bool
    var canDelete: Bool
    var canReadConversations: Bool
    var canRecord: Bool
    var canViewReports: Bool
    var canBuildReports: Bool
    var canAsk: Bool
    var conversations: [ConversationItem]
    var conversationsPager: PagerVM
    var reports: [ReportItem]
    var reportsPager: PagerVM
    var editPath: String
    var deletePath: String
    var recordPath: String
    var buildPath: String
    var askPath: String
    var portalPath: String
    var portalURL: String
    var canMove: Bool
    var moveTargets: [PartnerWebController.MoveTargetVM]
    var movePath: String
}

struct EditProjectVM: Encodable {
    var tabs: WorkspaceTabsVM
    var name: String
    var description: String
    var savePath: String
    var backPath: String
}

struct ConversationForm: Content {
    var participantName: String?
    var text: String?
    var question: String?
}

struct AskVM: Encodable {
    struct Citation: Encodable {
        var number: Int
        var participantName: String
        var excerpt: String
        var path: String
    }
    var tabs: WorkspaceTabsVM
    var projectName: String
    var projectPath: String
    var askPath: String
    var question: String
    var answerLines: [String]
    var citations: [Citation]
}
