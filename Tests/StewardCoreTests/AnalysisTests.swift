import StewardCore
import Testing

private let bikeLanes = ConversationText(
    id: "c1", participantName: "Anna",
    text: "We talked about the bike lanes on the main street. Cyclists feel unsafe near the school.")
private let library = ConversationText(
    id: "c2", participantName: "Bram",
    text: "The library opening hours are too short for working parents. The library should open on Sunday.")
private let parking = ConversationText(
    id: "c3", participantName: "Chloe",
    text: "Parking in the city centre is expensive. Parking permits cost too much for residents.")
private let project = [bikeLanes, library, parking]

/// A small neighbourhood consultation. Counted by hand: "traffic" 6 times, "park" 3, "lovely" 2,
/// every other content word once; 33 words; Anna speaks twice.
private let neighbourhood = [
    ConversationText(
        id: "r1", participantName: "Anna", text: "Traffic is the biggest problem. Traffic noise keeps everyone awake."),
    ConversationText(
        id: "r2", participantName: "Bram",
        text: "The park needs benches. Traffic near the park is dangerous for children."),
    ConversationText(
        id: "r3", participantName: "Anna", text: "Traffic, traffic, traffic! The park is lovely though."),
    ConversationText(id: "r4", participantName: "Dirk", text: "Lovely weather today."),
]

@Suite("Text analysis, retrieval and reports")
struct AnalysisTests {
    // MARK: TextAnalysis

    @Test(
        "Tokens are lower-cased content words without punctuation or stop words",
        arguments: [
            ("The cat, the DOG! And a bird?", ["cat", "dog", "bird"]),
            ("x y zz", ["zz"]),
            ("De fiets van het kind staat bij de deur", ["fiets", "kind", "staat", "deur"]),
            ("'Quoted' words, it's fine; don't worry", ["quoted", "words", "fine", "worry"]),
            ("In 2024 we collected 42 ideas", ["2024", "collected", "42", "ideas"]),
            ("Café crème!", ["café", "crème"]),
            ("bike-lanes (and) [cars]", ["bike", "lanes", "cars"]),
            ("...!!! ,,, ???", []),
            ("", []),
        ] as [(String, [String])])
    func tokens(text: String, expected: [String]) {
        #expect(TextAnalysis.tokens(text) == expected)
    }

    @Test(
        "Common English and Dutch function words are dropped",
        arguments: ["the", "and", "is", "of", "to", "we", "it's", "I'm", "THE", "een", "het", "niet", "naar"])
    func stopWord(word: String) {
        #expect(TextAnalysis.tokens(word).isEmpty)
        #expect(TextAnalysis.tokens("\(word) neighbourhood") == ["neighbourhood"])
    }

    @Test("A text of nothing but stop words has no tokens")
    func allStopWords() {
        #expect(TextAnalysis.tokens(TextAnalysis.stopWords.sorted().joined(separator: " ")).isEmpty)
    }

    @Test("Clipping keeps short text, trims it, and shortens long text to the limit with an ellipsis")
    func clip() {
        #expect(TextAnalysis.clip("  short  ", to: 10) == "short")
        #expect(TextAnalysis.clip("abcdef", to: 6) == "abcdef")
        #expect(TextAnalysis.clip("abcdef", to: 4) == "abc…")
        #expect(TextAnalysis.clip(String(repeating: "word ", count: 100), to: 50).count <= 50)
    }

    @Test("An excerpt is the sentence that matches the terms best")
    func excerpt() {
        let text = "Nothing here. The library is closed! Library hours and library staff matter?"
        #expect(TextAnalysis.excerpt(text, matching: ["library", "hours"]) == "Library hours and library staff matter")
        #expect(TextAnalysis.excerpt(text, matching: ["closed"]) == "The library is closed")
    }

    // MARK: Retrieval.rank

    @Test("The relevant conversation ranks first")
    func relevantFirst() {
        let hits = Retrieval.rank(question: "When is the library open?", in: project)
        #expect(hits.first?.conversationID == "c2")
        #expect(hits.map(\.conversationID) == ["c2"])
        #expect(Retrieval.rank(question: "Is parking too expensive?", in: project).first?.conversationID == "c3")
        #expect(Retrieval.rank(question: "unsafe cyclists", in: project).first?.conversationID == "c1")
    }

    @Test("Matching ignores case and punctuation")
    func caseInsensitive() {
        #expect(Retrieval.rank(question: "LIBRARY!!", in: project).map(\.conversationID) == ["c2"])
    }

    @Test(
        "Nothing is returned when nothing matches or there is nothing to search",
        arguments: [
            ("bicycle helmets", project),
            ("what is the", project),
            ("", project),
            ("library", []),
        ] as [(String, [ConversationText])])
    func noHits(question: String, documents: [ConversationText]) {
        #expect(Retrieval.rank(question: question, in: documents).isEmpty)
    }

    @Test("The limit caps the number of hits", arguments: [(1, 1), (2, 2), (3, 3), (10, 3)])
    func limit(limit: Int, expected: Int) {
        let hits = Retrieval.rank(question: "library parking cyclists", in: project, limit: limit)
        #expect(hits.count == expected)
        #expect(Set(hits.map(\.conversationID)).count == hits.count)
    }

    @Test("Hits are ordered by descending, positive score")
    func scoresDescend() {
        let hits = Retrieval.rank(question: "library parking cyclists", in: project)
        #expect(hits.count == 3)
        #expect(hits.allSatisfy { $0.score > 0 })
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("A conversation that says a term more often ranks above one that says it once")
    func termFrequency() {
        let docs = [
            ConversationText(id: "once", participantName: "A", text: "parking noise trees shade"),
            ConversationText(id: "thrice", participantName: "B", text: "parking parking parking noise"),
        ]
        #expect(Retrieval.rank(question: "parking", in: docs).map(\.conversationID) == ["thrice", "once"])
    }

    @Test("A rarer term weighs more than a common one")
    func inverseDocumentFrequency() {
        let docs = [
            ConversationText(id: "common1", participantName: "A", text: "beta filler"),
            ConversationText(id: "rare", participantName: "B", text: "alpha filler"),
            ConversationText(id: "common2", participantName: "C", text: "beta stuff"),
        ]
        #expect(Retrieval.rank(question: "alpha beta", in: docs).first?.conversationID == "rare")
    }

    @Test("Equal scores keep the conversations' own order")
    func stableTies() {
        let x = ConversationText(id: "x", participantName: "X", text: "Benches in the park")
        let y = ConversationText(id: "y", participantName: "Y", text: "Benches in the park")
        #expect(Retrieval.rank(question: "benches", in: [x, y]).map(\.conversationID) == ["x", "y"])
        #expect(Retrieval.rank(question: "benches", in: [y, x]).map(\.conversationID) == ["y", "x"])
    }

    @Test(
        "Every excerpt contains a term of the question",
        arguments: ["library hours", "parking permits", "cyclists", "library parking cyclists school"])
    func excerptsMatch(question: String) {
        let terms = Set(TextAnalysis.tokens(question))
        let hits = Retrieval.rank(question: question, in: project)
        #expect(!hits.isEmpty)
        for hit in hits {
            #expect(!Set(TextAnalysis.tokens(hit.excerpt)).isDisjoint(with: terms), "\(hit.excerpt)")
            let source = project.first { $0.id == hit.conversationID }!
            #expect(source.text.contains(hit.excerpt))
        }
    }

    @Test("The excerpt is the matching sentence, not the whole conversation")
    func excerptIsSentence() {
        let hit = Retrieval.rank(question: "cyclists unsafe", in: project).first
        #expect(hit?.excerpt == "Cyclists feel unsafe near the school")
    }

    // MARK: Retrieval.answer

    @Test("Asking a project without conversations says there are none")
    func answerNoConversations() {
        let (answer, hits) = Retrieval.answer(question: "library", in: [])
        #expect(hits.isEmpty)
        #expect(answer.contains("no conversations"))
    }

    @Test("Asking about something nobody mentioned says so, with the number searched")
    func answerNoneMention() {
        let (answer, hits) = Retrieval.answer(question: "bicycle helmets", in: project)
        #expect(hits.isEmpty)
        #expect(answer.contains("None of the 3 conversations"))
        #expect(answer.contains("mention"))
    }

    @Test("An answer cites the conversation and its participant")
    func answerSingle() throws {
        let (answer, hits) = Retrieval.answer(question: "library opening hours", in: project)
        try #require(hits.map(\.conversationID) == ["c2"])
        #expect(answer.hasPrefix("1 conversation speaks"))
        #expect(answer.contains("[1] Bram:"))
        #expect(answer.contains(hits[0].excerpt))
        #expect(!answer.contains("Anna"))
    }

    @Test("An answer from several conversations numbers them in rank order")
    func answerSeveral() throws {
        let (answer, hits) = Retrieval.answer(question: "parking library", in: project, limit: 2)
        try #require(hits.count == 2)
        #expect(answer.hasPrefix("2 conversations speak"))
        let names = hits.map { hit in project.first { $0.id == hit.conversationID }!.participantName }
        #expect(answer.contains("[1] \(names[0]):"))
        #expect(answer.contains("[2] \(names[1]):"))
    }

    // MARK: ReportBuilder

    @Test("A report counts conversations, distinct participants and words")
    func reportCounts() {
        let report = ReportBuilder.build(from: neighbourhood)
        #expect(report.conversationCount == 4)
        #expect(report.participantCount == 3)
        #expect(report.wordCount == 33)
    }

    @Test("Top terms are ordered by frequency, ties alphabetically, up to the limit")
    func reportTopTerms() {
        let report = ReportBuilder.build(from: neighbourhood)
        #expect(report.topTerms.count == 10)
        #expect(report.topTerms.prefix(3).map(\.term) == ["traffic", "park", "lovely"])
        #expect(report.topTerms.prefix(3).map(\.count) == [6, 3, 2])
        #expect(zip(report.topTerms, report.topTerms.dropFirst()).allSatisfy { $0.count >= $1.count })
        let singles = report.topTerms.dropFirst(3)
        #expect(singles.allSatisfy { $0.count == 1 })
        #expect(singles.map(\.term) == ["awake", "benches", "biggest", "children", "dangerous", "everyone", "keeps"])
        #expect(!report.topTerms.contains { TextAnalysis.stopWords.contains($0.term) })

        let two = ReportBuilder.build(from: neighbourhood, termLimit: 2)
        #expect(two.topTerms.map(\.term) == ["traffic", "park"])
    }

    @Test("Quotes come from conversations that carry the top terms, most representative first")
    func reportQuotes() {
        let report = ReportBuilder.build(from: neighbourhood, termLimit: 2)
        let topTerms = Set(report.topTerms.map(\.term))
        #expect(report.quotes.count == 3)
        #expect(report.quotes.first?.conversationId == "r3")
        #expect(!report.quotes.contains { $0.conversationId == "r4" })
        #expect(Set(report.quotes.map(\.conversationId)) == ["r1", "r2", "r3"])
        for quote in report.quotes {
            let source = neighbourhood.first { $0.id == quote.conversationId }!
            #expect(quote.participantName == source.participantName)
            #expect(!Set(TextAnalysis.tokens(quote.text)).isDisjoint(with: topTerms), "\(quote.text)")
            #expect(source.text.contains(quote.text))
        }
    }

    @Test("The quote limit is respected", arguments: [0, 1, 2])
    func reportQuoteLimit(limit: Int) {
        #expect(ReportBuilder.build(from: neighbourhood, quoteLimit: limit).quotes.count == limit)
    }

    @Test("Quotes are clipped for display")
    func reportQuoteClipped() throws {
        let long = String(repeating: "traffic jams every morning ", count: 40)
        let report = ReportBuilder.build(from: [ConversationText(id: "l", participantName: "L", text: long)])
        try #require(report.quotes.count == 1)
        #expect(report.quotes[0].text.count <= 280)
    }

    @Test("The summary states counts and the leading themes")
    func reportSummary() {
        let summary = ReportBuilder.build(from: neighbourhood).summary
        #expect(summary.contains("4 conversations"))
        #expect(summary.contains("3 participants"))
        #expect(summary.contains("traffic, park, lovely"))
        let one = ReportBuilder.build(from: [ConversationText(id: "o", participantName: "O", text: "Green squares")])
        #expect(one.summary.contains("1 conversation from 1 participant"))
        #expect(!one.summary.contains("conversations"))
        #expect(one.summary.contains("green, squares") || one.summary.contains("squares, green"))
    }

    @Test("A report with no conversations is empty and says so")
    func reportEmpty() {
        let report = ReportBuilder.build(from: [])
        #expect(report.conversationCount == 0)
        #expect(report.participantCount == 0)
        #expect(report.wordCount == 0)
        #expect(report.topTerms.isEmpty)
        #expect(report.quotes.isEmpty)
        #expect(report.summary.contains("No conversations"))
    }

    @Test("Conversations of only stop words give counts but no themes or quotes")
    func reportStopWordsOnly() {
        let stopWordsOnly = ConversationText(id: "s", participantName: "S", text: "It is what it is.")
        let report = ReportBuilder.build(from: [stopWordsOnly])
        #expect(report.conversationCount == 1)
        #expect(report.wordCount == 5)
        #expect(report.topTerms.isEmpty)
        #expect(report.quotes.isEmpty)
        #expect(report.summary.hasPrefix("1 conversation from 1 participant"))
        #expect(!report.summary.contains("themes"))
    }
}
