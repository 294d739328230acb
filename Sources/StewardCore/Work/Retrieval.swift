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

    /// What BM25 needs to know of the whole project when only some of its conversations (those
    /// that match the question) are at hand.
    public struct Corpus: Equatable, Sendable {
        public var documentCount: Int
        public var averageLength: Double
        /// Conversations that contain each question term.
        public var documentFrequency: [String: Int]

        public init(documentCount: Int, averageLength: Double, documentFrequency: [String: Int]) {
            self.documentCount = documentCount
            self.averageLength = averageLength
            self.documentFrequency = documentFrequency
        }
    }

    /// The question's terms as ranking sees them (at most `maximumTerms`).
    public static func terms(of question: String) -> [String] {
        var seen = Set<String>()
        return Array(TextAnalysis.tokens(question).filter { seen.insert($0).inserted }.prefix(maximumTerms))
    }

    public static let maximumTerms = 20

    public static func rank(
        question: String, in documents: [ConversationText], limit: Int = 3, k1: Double = 1.2, b: Double = 0.75
    ) -> [Hit] {
        let queryTerms = Set(terms(of: question))
        guard !queryTerms.isEmpty, !documents.isEmpty else { return [] }
        let docTokens = documents.map { TextAnalysis.tokens($0.text) }
        var documentFrequency: [String: Int] = [:]
        for tokens in docTokens {
            for term in Set(tokens) where queryTerms.contains(term) { documentFrequency[term, default: 0] += 1 }
        }
        let corpus = Corpus(
            documentCount: documents.count,
            averageLength: Double(docTokens.map(\.count).reduce(0, +)) / Double(documents.count),
            documentFrequency: documentFrequency)
        return rank(question: question, candidates: documents, corpus: corpus, limit: limit, k1: k1, b: b)
    }

    /// Okapi BM25 over the candidates, with the statistics of the whole project.
    public static func rank(
        question: String, candidates documents: [ConversationText], corpus: Corpus, limit: Int = 3,
        k1: Double = 1.2, b: Double = 0.75
    ) -> [Hit] {
        let queryTerms = Set(terms(of: question))
        guard !queryTerms.isEmpty, !documents.isEmpty else { return [] }
        let docTokens = documents.map { TextAnalysis.tokens($0.text) }
        let averageLength = corpus.averageLength
        let documentFrequency = corpus.documentFrequency
        let n = Double(max(corpus.documentCount, documents.count))
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
        answer(
            question: question, hits: rank(question: question, in: documents, limit: limit), from: documents,
            projectSize: documents.count)
    }

    /// The answer from ranked hits over `documents` (the candidates), in a project of `projectSize`.
    public static func answer(question: String, hits: [Hit], from documents: [ConversationText], projectSize: Int)
        -> (answer: String, hits: [Hit])
    {
        guard !hits.isEmpty else {
            let why =
                projectSize == 0
                ? "This project has no conversations yet."
                : "None of the \(projectSize) conversations in this project mention that."
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
