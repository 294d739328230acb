import NIOCore

struct SMTPReply: Equatable {
    var code: Int
    var lines: [String]
}

/// Splits the inbound bytes into lines and lines into (possibly multi-line) replies.
struct ReplyReader {
    // A reply line is at most 512 octets (RFC 5321 4.5.3.1.5); more is allowed for, not without limit.
    static let maxLineLength = 8192
    static let maxLines = 200

    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    var hasBufferedBytes: Bool { buffer.readableBytes > 0 }

    mutating func readReply(step: String) async throws -> SMTPReply {
        var code: Int?
        var lines: [String] = []
        while true {
            let line = try await readLine(step: step)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
                let lineCode = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(lineCode),
                bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
            else {
                throw SMTPError.malformedReply(step: step, detail: "not an SMTP reply line: \(line.prefix(200))")
            }
            if let code, code != lineCode {
                throw SMTPError.malformedReply(step: step, detail: "reply lines with codes \(code) and \(lineCode)")
            }
            code = lineCode
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return SMTPReply(code: lineCode, lines: lines) }
            guard lines.count < Self.maxLines else {
                throw SMTPError.malformedReply(step: step, detail: "more than \(Self.maxLines) reply lines")
            }
        }
    }

    private mutating func readLine(step: String) async throws -> String {
        while true {
            let view = buffer.readableBytesView
            if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
                let length = view.distance(from: view.startIndex, to: newline) + 1
                var bytes = buffer.readBytes(length: length)!
                buffer.discardReadBytes()
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard buffer.readableBytes <= Self.maxLineLength else {
                throw SMTPError.malformedReply(
                    step: step, detail: "a reply line longer than \(Self.maxLineLength) bytes")
            }
            guard var next = try await iterator.next() else { throw SMTPError.connectionClosed(step: step) }
            buffer.writeBuffer(&next)
        }
    }
}
