import Foundation

/// Tokenising shared by reports and Ask: lower-cased words of letters and digits, with the
/// commonest English and Dutch function words removed so that counts say something.
public enum TextAnalysis {
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || scalar == "'" {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .filter { $0.count > 1 && !stopWords.contains($0) }
    }

    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does", "for",
        "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "it's", "just",
        "me", "more", "my", "no", "not", "of", "on", "or", "our", "so", "some", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "to", "too", "very", "was", "we", "were", "what", "when",
        "where", "which", "who", "why", "will", "with", "would", "you", "your", "about", "also", "all", "any",
        "how", "i'm", "don't", "de", "het", "een", "en", "van", "ik", "je", "dat", "die", "er", "te", "op", "met",
        "zijn", "voor", "niet", "wat", "maar", "ook", "dan", "nog", "bij", "om", "naar",
    ]

    /// The sentence of `text` that best matches `terms`, clipped for display.
    public static func excerpt(_ text: String, matching terms: Set<String>, maxLength: Int = 240) -> String {
        let sentences = text.split(whereSeparator: { ".!?\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let best =
            sentences.max { a, b in
                Set(tokens(a)).intersection(terms).count < Set(tokens(b)).intersection(terms).count
            } ?? text
        return clip(best, to: maxLength)
    }

    public static func clip(_ text: String, to maxLength: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > maxLength else { return trimmed }
        return String(trimmed.prefix(maxLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
