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

/// Builds a report in two passes over a project's conversations, so that a project of any size
/// is read a page at a time: the first pass counts terms, words and participants; the second
/// picks the quotes that carry most of the frequent terms. Memory grows with the vocabulary, not
/// with the number of conversations.
public enum ReportBuilder {
    /// The first pass.
    public struct Tally: Sendable {
        public private(set) var conversationCount = 0
        public private(set) var wordCount = 0
        var termCounts: [String: Int] = [:]
        var participants = Set<String>()

        public init() {}

        public mutating func add(_ conversation: ConversationText) {
            conversationCount += 1
            wordCount += conversation.text.split(whereSeparator: \.isWhitespace).count
            participants.insert(conversation.participantName.lowercased())
            for token in TextAnalysis.tokens(conversation.text) { termCounts[token, default: 0] += 1 }
        }

        public func topTerms(limit: Int) -> [ReportContent.TermCount] {
            termCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(limit)
                .map { ReportContent.TermCount(term: $0.key, count: $0.value) }
        }
    }

    /// The second pass: the best quotes so far, given the top terms of the first.
    public struct QuotePicker: Sendable {
        let weights: [String: Int]
        let limit: Int
        var seen = 0
        var best: [(score: Double, order: Int, conversation: ConversationText)] = []

        public init(topTerms: [ReportContent.TermCount], limit: Int) {
            weights = Dictionary(uniqueKeysWithValues: topTerms.map { ($0.term, $0.count) })
            self.limit = limit
        }

        /// Conversations must come in the same order on every build so ties break the same way.
        public mutating func consider(_ conversation: ConversationText) {
            let order = seen
            seen += 1
            // A representative quote is the conversation that carries most of the frequent terms,
            // normalised by length so long monologues don't always win.
            let tokens = TextAnalysis.tokens(conversation.text)
            let weight = tokens.reduce(0) { $0 + (weights[$1] ?? 0) }
            let score = Double(weight) / sqrt(Double(max(tokens.count, 1)))
            guard score > 0 else { return }
            best.append((score, order, conversation))
            best.sort { ($0.score, -$0.order) > ($1.score, -$1.order) }
            if best.count > limit { best.removeLast() }
        }

        public var quotes: [ReportContent.Quote] {
            best.map {
                ReportContent.Quote(
                    conversationId: $0.conversation.id, participantName: $0.conversation.participantName,
                    text: TextAnalysis.excerpt($0.conversation.text, matching: Set(weights.keys), maxLength: 280))
            }
        }
    }

    public static func content(tally: Tally, topTerms: [ReportContent.TermCount], quotes: [ReportContent.Quote])
        -> ReportContent
    {
        let participants = tally.participants.count
        let count = tally.conversationCount
        let summary: String
        if count == 0 {
            summary = "No conversations have been recorded in this project yet."
        } else {
            let themes = topTerms.prefix(3).map(\.term).joined(separator: ", ")
            summary =
                "\(count) conversation\(count == 1 ? "" : "s") from \(participants) "
                + "participant\(participants == 1 ? "" : "s")"
                + (themes.isEmpty ? "." : "; the most frequent themes are \(themes).")
        }
        return ReportContent(
            conversationCount: count, participantCount: participants, wordCount: tally.wordCount,
            topTerms: topTerms, quotes: quotes, summary: summary)
    }

    /// Both passes over conversations already in memory.
    public static func build(from conversations: [ConversationText], termLimit: Int = 10, quoteLimit: Int = 3)
        -> ReportContent
    {
        var tally = Tally()
        for conversation in conversations { tally.add(conversation) }
        let topTerms = tally.topTerms(limit: termLimit)
        var picker = QuotePicker(topTerms: topTerms, limit: quoteLimit)
        for conversation in conversations { picker.consider(conversation) }
        return content(tally: tally, topTerms: topTerms, quotes: picker.quotes)
    }
}
