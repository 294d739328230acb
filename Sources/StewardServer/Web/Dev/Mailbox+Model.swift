import Foundation
import StewardCore
import StewardStore
import Vapor

struct MailboxVM: Encodable {
    struct Item: Encodable {
        var to: String
        var subject: String
        var kind: String
        var status: String
        var time: String
        var path: String
    }
    var emails: [Item]
}

struct MailVM: Encodable {
    var to: String
    var subject: String
    var kind: String
    var status: String
    var time: String
    var lastError: String?
    var parts: [TextPart]
    var htmlPath: String
    var listPath: String
}

struct TextPart: Encodable, Equatable {
    var text: String
    var href: String?
}
