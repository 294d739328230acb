import Foundation

/// A conversation as the analysis sees it.
public struct ConversationText: Equatable, Sendable {
    public var id: String
    public var participantName: String
    public var text: String
    public init(id: String, participantName: String, text: String) {
        self.id = id
        self.participantName = participantName
        self.text = text
    }
}

/// Okapi BM25 ranking over a project's conversations; Ask answers from the top hits.
public enum Retrieval {
    public struct Hit: Equatable, Sendable {
        public var conversationID: String
        public var score: Double
        public var excerpt: String
    }

    public static func rank(
        question: String, in documents: [ConversationText], limit: Int = 3, k1: Double = 1.2, b: Double = 0.75
    ) -> [Hit] {
        let queryTerms = Set(TextAnalysis.tokens(question))
        guard !queryTerms.isEmpty, !documents.isEmpty else { return [] }
        let docTokens = documents.map { TextAnalysis.tokens($0.text) }
        let averageLength = Double(docTokens.map(\.count).reduce(0, +)) / Double(documents.count)
        var documentFrequency: [String: Int] = [:]
        for tokens in docTokens {
            for term in Set(tokens) where queryTerms.contains(term) { documentFrequency[term, default: 0] += 1 }
        }
        let n = Double(documents.count)
        var hits: [Hit] = []
        for (index, tokens) in docTokens.enumerated() {
            var frequencies: [String: Int] = [:]
            for token in tokens where queryTerms.contains(token) { frequencies[token, default: 0] += 1 }
            var score = 0.0
            for (term, tf) in frequencies {
                let df = Double(documentFrequency[term] ?? 0)
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                let length = Double(tokens.count)
                let norm = Double(tf) + k1 * (1 - b + b * length / max(averageLength, 1))
                score += idf * Double(tf) * (k1 + 1) / norm
            }
            if score > 0 {
                let doc = documents[index]
                hits.append(
                    Hit(
                        conversationID: doc.id, score: score,
                        excerpt: TextAnalysis.excerpt(doc.text, matching: queryTerms)))
            }
        }
        // Ties keep the documents' own order so answers are stable.
        return Array(
            hits.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
                .map(\.element).prefix(limit))
    }

    /// An extractive answer: the best passages, attributed, or an honest "nothing found".
    public static func answer(question: String, in documents: [ConversationText], limit: Int = 3) -> (
        answer: String, hits: [Hit]
    ) {
        let hits = rank(question: question, in: documents, limit: limit)
        guard !hits.isEmpty else {
            let why =
                documents.isEmpty
                ? "This project has no conversations yet."
                : "None of the \(documents.count) conversations in this project mention that."
            return (why, [])
        }
        let byID = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let lines = hits.enumerated().map { index, hit in
            let who = byID[hit.conversationID]?.participantName ?? "A participant"
            return "[\(index + 1)] \(who): “\(hit.excerpt)”"
        }
        let count = hits.count == 1 ? "1 conversation speaks" : "\(hits.count) conversations speak"
        return ("\(count) to this most directly:\n" + lines.joined(separator: "\n"), hits)
    }
}
