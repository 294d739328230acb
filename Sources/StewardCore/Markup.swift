/// Text placed inside HTML or SVG (emails, server-drawn QR codes): the five characters markup
/// gives meaning to become references that both HTML and XML read.
public enum Markup {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
