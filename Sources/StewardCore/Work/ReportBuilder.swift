import Foundation

/// The content of a report built from a project's conversations (NOTES §10).
public struct ReportContent: Codable, Equatable, Sendable {
    public struct TermCount: Codable, Equatable, Sendable {
        public var term: String
        public var count: Int
    }
    public struct Quote: Codable, Equatable, Sendable {
        public var conversationId: String
        public var participantName: String
        public var text: String
    }

    public var conversationCount: Int
    public var participantCount: Int
    public var wordCount: Int
    public var topTerms: [TermCount]
    public var quotes: [Quote]
    public var summary: String

    /// What an unreadable stored report shows instead of failing the page.
    public static let empty = ReportContent(
        conversationCount: 0, participantCount: 0, wordCount: 0, topTerms: [], quotes: [],
        summary: "This report could not be read.")
}

public enum ReportBuilder {
    public static func build(from conversations: [ConversationText], termLimit: Int = 10, quoteLimit: Int = 3)
        -> ReportContent
    {
        let tokenLists = conversations.map { TextAnalysis.tokens($0.text) }
        var counts: [String: Int] = [:]
        for tokens in tokenLists { for token in tokens { counts[token, default: 0] += 1 } }
        let topTerms = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(termLimit)
            .map { ReportContent.TermCount(term: $0.key, count: $0.value) }
        let weights = Dictionary(uniqueKeysWithValues: topTerms.map { ($0.term, $0.count) })
        // A representative quote is the conversation that carries most of the frequent terms,
        // normalised by length so long monologues don't always win.
        let scored = conversations.indices.map { i -> (Int, Double) in
            let tokens = tokenLists[i]
            let weight = tokens.reduce(0) { $0 + (weights[$1] ?? 0) }
            return (i, Double(weight) / sqrt(Double(max(tokens.count, 1))))
        }
        let quotes = scored.filter { $0.1 > 0 }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.prefix(quoteLimit).map {
            let c = conversations[$0.0]
            return ReportContent.Quote(
                conversationId: c.id, participantName: c.participantName,
                text: TextAnalysis.excerpt(c.text, matching: Set(weights.keys), maxLength: 280))
        }
        let participants = Set(conversations.map { $0.participantName.lowercased() }).count
        let words = conversations.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
        let summary: String
        if conversations.isEmpty {
            summary = "No conversations have been recorded in this project yet."
        } else {
            let themes = topTerms.prefix(3).map(\.term).joined(separator: ", ")
            summary =
                "\(conversations.count) conversation\(conversations.count == 1 ? "" : "s") from \(participants) "
                + "participant\(participants == 1 ? "" : "s")"
                + (themes.isEmpty ? "." : "; the most frequent themes are \(themes).")
        }
        return ReportContent(
            conversationCount: conversations.count, participantCount: participants, wordCount: words,
            topTerms: Array(topTerms), quotes: Array(quotes), summary: summary)
    }
}
