import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing

@testable import SMTPKit

@Suite struct SMTPClientTests {
    // MARK: settings

    @Test func plainURLTakesPort25AndTheSenderDomainAsHeloName() throws {
        let settings = try SMTPSettings.parse(url: "smtp://mail.example.org", from: "Steward <noreply@steward.test>")
        #expect(
            settings
                == SMTPSettings(
                    host: "mail.example.org", port: 25, security: .plain, from: "Steward <noreply@steward.test>",
                    heloName: "steward.test"))
    }

    @Test func startTLSBySchemeOrOptionTakesPort587() throws {
        let byScheme = try SMTPSettings.parse(url: "smtp+starttls://mail.example.org", from: "a@b.test")
        let byOption = try SMTPSettings.parse(url: "SMTP://mail.example.org/?starttls=true", from: "a@b.test")
        #expect(byScheme.security == .startTLS && byScheme.port == 587)
        #expect(byOption == byScheme)
        let explicitOff = try SMTPSettings.parse(url: "smtp://mail.example.org?starttls=false", from: "a@b.test")
        #expect(explicitOff.security == .plain && explicitOff.port == 25)
    }

    @Test func smtpsIsImplicitTLSOnPort465() throws {
        let settings = try SMTPSettings.parse(url: "smtps://mail.example.org", from: "a@b.test")
        #expect(settings.security == .tls && settings.port == 465)
    }

    @Test func credentialsArePercentDecodedAndPortAndHeloAreTaken() throws {
        let settings = try SMTPSettings.parse(
            url: "smtps://apikey%40example.org:p%40ss:w%2Frd@smtp.example.org:2465?helo=app.example.org",
            from: "a@b.test")
        #expect(settings.username == "apikey@example.org")
        #expect(settings.password == "p@ss:w/rd")
        #expect(settings.host == "smtp.example.org" && settings.port == 2465)
        #expect(settings.heloName == "app.example.org")
        // An unencoded "@" in the password still works: the last "@" ends the credentials.
        let raw = try SMTPSettings.parse(url: "smtp://user:p@ss@[::1]:2525", from: "a@b.test")
        #expect(raw.username == "user" && raw.password == "p@ss" && raw.host == "::1" && raw.port == 2525)
        let userOnly = try SMTPSettings.parse(url: "smtp://user@localhost", from: "a@b.test")
        #expect(userOnly.username == "user" && userOnly.password == nil)
    }

    @Test(arguments: [
        ("http://mail.example.org", "unsupported scheme"),
        ("mail.example.org:25", "expected smtp://"),
        ("smtp://", "host is missing"),
        ("smtp://user:pw@:25", "host is missing"),
        ("smtp://mail.example.org:0", "port"),
        ("smtp://mail.example.org:70000", "port"),
        ("smtp://mail.example.org:x25", "port"),
        ("smtp://mail.example.org/inbox", "path"),
        ("smtp://mail.example.org?startls=true", "unknown option \"startls\""),
        ("smtp://mail.example.org?starttls=maybe", "starttls must be true or false"),
        ("smtps://mail.example.org?starttls=true", "already TLS"),
        ("smtp+starttls://mail.example.org?starttls=false", "contradicts"),
        ("smtp://::1", "brackets"),
        ("smtp://[::1", "\"]\""),
        ("smtp://mail example.org", "not allowed in a host name"),
        ("smtp://mail.example.org#x", "fragment"),
    ])
    func invalidURLsAreRefusedWithAClearMessage(url: String, expected: String) throws {
        let error = #expect(throws: SMTPSettingsError.self) {
            try SMTPSettings.parse(url: url, from: "a@b.test")
        }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.hasPrefix("SMTP URL: ") == true)
    }

    @Test func anInvalidSenderIsRefused() {
        for from in ["", "noreply", "Steward <noreply>", "a@b.test\r\nBcc: x@y.test", "jö@b.test"] {
            #expect(throws: SMTPSettingsError.self, "\(from)") {
                try SMTPSettings.parse(url: "smtp://localhost", from: from)
            }
        }
    }

    @Test func errorsAndDescriptionsNeverShowThePassword() throws {
        // Without an "@" the password lands where the port goes: the message must not quote it.
        let error = #expect(throws: SMTPSettingsError.self) {
            try SMTPSettings.parse(url: "smtp://user:hunter2", from: "a@b.test")
        }
        #expect(error?.description.contains("hunter2") == false)
        let settings = try SMTPSettings.parse(url: "smtp://user:hunter2@localhost", from: "a@b.test")
        #expect(!settings.description.contains("hunter2"))
        #expect(!"\(settings)".contains("hunter2"))
    }

    // MARK: MIME

    @Test func quotedPrintableEncodesNonASCIIAndEqualsSigns() {
        #expect(MIME.quotedPrintable("Grüße = ok") == "Gr=C3=BC=C3=9Fe =3D ok")
        #expect(decodeQuotedPrintable(MIME.quotedPrintable("Grüße = ok")) == "Grüße = ok")
        // Whitespace at a line end would be lost in transit, so it is encoded; inside a line it is not.
        #expect(MIME.quotedPrintable("a b \nc\t") == "a b=20\r\nc=09")
        #expect(MIME.quotedPrintable("one\r\ntwo\rthree\n") == "one\r\ntwo\r\nthree\r\n")
    }

    @Test func quotedPrintableWrapsLongLinesWithoutSplittingEscapes() {
        let long = String(repeating: "abcdefghij", count: 20) + " " + String(repeating: "ü=", count: 60)
        let encoded = MIME.quotedPrintable(long + "\nshort")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count > 5)
        for line in lines {
            #expect(line.count <= 76, "\(line)")
            #expect(escapesAreWhole(line), "a soft break cut an =XX escape: \(line)")
        }
        #expect(decodeQuotedPrintable(encoded) == long + "\r\nshort")
    }

    @Test func theSubjectIsEncodedOnlyWhenItHasToBe() {
        #expect(MIME.subjectHeader("Your weekly report") == "Subject: Your weekly report")
        let encoded = MIME.subjectHeader("Grüße aus Steward – Einladung ✓ für das Team der Bürgerbeteiligung")
        #expect(encoded.hasPrefix("Subject: =?utf-8?B?"))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(
            decodeEncodedWords(String(encoded.dropFirst("Subject: ".count)))
                == "Grüße aus Steward – Einladung ✓ für das Team der Bürgerbeteiligung")
        // A line break must not start a header of its own.
        #expect(MIME.subjectHeader("Hello\r\nBcc: victim@example.org") == "Subject: Hello Bcc: victim@example.org")
        // Text that looks like an encoded word is encoded so that it reads back as itself.
        #expect(MIME.subjectHeader("=?utf-8?B?SGk=?=").hasPrefix("Subject: =?utf-8?B?PT91dGYtOD9CP1NHaz0/PQ==?="))
        let folded = MIME.subjectHeader(String(repeating: "word ", count: 30))
        #expect(folded.contains("\r\n "))
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test func displayNamesAreQuotedOrEncoded() {
        #expect(MIME.mailboxHeader("noreply@steward.test") == "noreply@steward.test")
        #expect(MIME.mailboxHeader("Steward <noreply@steward.test>") == "Steward <noreply@steward.test>")
        #expect(MIME.mailboxHeader("Steward, Inc. <a@b.test>") == "\"Steward, Inc.\" <a@b.test>")
        #expect(MIME.mailboxHeader("Ünal Ölçer <u@b.test>") == "=?utf-8?B?w5xuYWwgw5Zsw6dlcg==?= <u@b.test>")
    }

    @Test func theRenderedMessageHasEveryHeaderAndBothParts() throws {
        let settings = try SMTPSettings.parse(url: "smtp://localhost", from: "Steward <noreply@steward.test>")
        let message = EmailMessage(
            to: "someone@example.org", subject: "Grüße", text: "Grüße = ok\n.hidden\n.\nend",
            html: "<p>Grüße</p>")
        let date = Date(timeIntervalSince1970: 1_751_371_200)  // 2025-07-01 12:00:00 UTC, a Tuesday
        let rendered = SMTPClient.render(message, settings: settings, date: date, messageID: "<abc123@steward.test>")
        let (headers, body) = try #require(splitHeaders(rendered))
        #expect(
            headers == [
                "Date: Tue, 01 Jul 2025 12:00:00 +0000",
                "From: Steward <noreply@steward.test>",
                "To: someone@example.org",
                "Subject: =?utf-8?B?R3LDvMOfZQ==?=",
                "Message-ID: <abc123@steward.test>",
                "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"=_steward_abc123stewardtest\"",
            ])
        let parts = try mimeParts(rendered)
        #expect(parts.map(\.contentType) == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(parts.map(\.transferEncoding) == ["quoted-printable", "quoted-printable"])
        #expect(parts[0].content == "Grüße = ok\r\n.hidden\r\n.\r\nend")
        #expect(parts[1].content == "<p>Grüße</p>")
        #expect(body.hasSuffix("--=_steward_abc123stewardtest--\r\n"))
        #expect(rendered.utf8.allSatisfy { $0 < 128 })
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test func dotStuffingDoublesEveryLeadingDot() throws {
        let settings = try SMTPSettings.parse(url: "smtp://localhost", from: "noreply@steward.test")
        let message = EmailMessage(to: "a@b.test", subject: "s", text: ".hidden\n.\nkeep . this", html: ".")
        let rendered = SMTPClient.render(message, settings: settings, date: Date(), messageID: "<x@y>")
        #expect(rendered.contains("\r\n.hidden\r\n.\r\n"))
        let stuffed = SMTPClient.dotStuffed(rendered)
        #expect(stuffed.contains("\r\n..hidden\r\n..\r\nkeep . this\r\n"))
        #expect(!stuffed.contains("\r\n.\r\n"))
        #expect(stuffed.replacingOccurrences(of: "\r\n..", with: "\r\n.") == rendered)
        #expect(SMTPClient.dotStuffed(".first\r\nx") == "..first\r\nx\r\n")
    }

    @Test func messageIDsAreRandomAndCarryTheHeloName() {
        let first = SMTPClient.makeMessageID("steward.test")
        #expect(first.hasPrefix("<") && first.hasSuffix("@steward.test>") && first.count == 32 + 15)
        #expect(first != SMTPClient.makeMessageID("steward.test"))
    }

    // MARK: delivery to a real SMTP server

    @Test func twoMessagesReachTheServerIntact() async throws {
        try await withSMTPSink(["--auth", "steward:s3cret pass:word"]) { sink in
            let settings = try SMTPSettings.parse(
                url: "smtp://steward:s3cret%20pass%3Aword@127.0.0.1:\(sink.port)",
                from: "Steward <noreply@steward.test>")
            let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let invite = EmailMessage(
                to: "Ünal Ölçer <uenal@example.org>", subject: "Grüße aus Steward – Einladung ✓",
                text: """
                    Hallo Ünal,

                    Grüße = ok. Öffne https://steward.example/invites/abc?x=1&y=2 um beizutreten.
                    .
                    .hidden line
                    \(String(repeating: "lang ", count: 40))
                    """,
                html: """
                    <p>Grüße = ok.</p>
                    <p><a href="https://steward.example/invites/abc?x=1&amp;y=2">Einladung annehmen</a></p>
                    """)
            let report = EmailMessage(
                to: "second@example.org", subject: "Your weekly report", text: "Report ready.",
                html: "<p>Report ready.</p>")
            try await client.send(invite)
            try await client.send(report)

            let records = try await sink.messages(count: 2)
            if ProcessInfo.processInfo.environment["SMTP_SINK_STDLIB"] == "1" {
                #expect(records.allSatisfy { $0.server == "stdlib" })
            }
            for (record, sent) in zip(records, [invite, report]) {
                let recipient = try Mailbox.parse(sent.to).address
                #expect(record.mailFrom == "noreply@steward.test")
                #expect(record.rcptTos == [recipient])
                #expect(record.helo == "steward.test")
                #expect(record.authUser == "steward")
                #expect(record.parsed.subject == sent.subject)
                #expect(record.parsed.to == sent.to)
                #expect(record.parsed.from == "Steward <noreply@steward.test>")
                #expect(record.parsed.mimeVersion == "1.0")
                #expect(record.parsed.messageId.hasSuffix("@steward.test>"))
                #expect(record.parsed.contentType == "multipart/alternative")
                #expect(record.parsed.defects == [], "Python's email parser found defects")
                // Python's reading of the parts…
                #expect(record.parsed.parts.map(\.contentType) == ["text/plain", "text/html"])
                #expect(record.parsed.parts.map(\.charset) == ["utf-8", "utf-8"])
                #expect(record.parsed.parts.map { normalized($0.content) } == [sent.text, sent.html].map(normalized))
                // …and our own, from the raw data.
                let parts = try mimeParts(record.data)
                #expect(parts.map { normalized($0.content) } == [sent.text, sent.html].map(normalized))
                #expect(record.data.utf8.allSatisfy { $0 < 128 })
                #expect(record.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
            }
            let inviteParts = try mimeParts(records[0].data)
            #expect(inviteParts.allSatisfy { $0.content.contains("https://steward.example/invites/abc?x=1&") })
            #expect(inviteParts.allSatisfy { $0.transferEncoding == "quoted-printable" })
        }
    }

    @Test(.enabled(if: opensslAvailable))
    func startTLSUpgradesBeforeAuthenticatingWithLogin() async throws {
        try await withSMTPSink(["--auth", "steward:pw", "--auth-mechanisms", "LOGIN"], tls: "starttls") { sink in
            let settings = try SMTPSettings.parse(
                url: "smtp+starttls://steward:pw@localhost:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(
                settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                tlsConfiguration: sink.trustingItsCertificate)
            try await client.send(sampleMessage)
            let record = try #require(try await sink.messages(count: 1).first)
            #expect(record.tls && record.authUser == "steward")
            #expect(record.parsed.subject == sampleMessage.subject)
        }
    }

    @Test(.enabled(if: opensslAvailable))
    func implicitTLSDelivers() async throws {
        try await withSMTPSink(tls: "implicit") { sink in
            let settings = try SMTPSettings.parse(url: "smtps://localhost:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(
                settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                tlsConfiguration: sink.trustingItsCertificate)
            try await client.send(sampleMessage)
            let record = try #require(try await sink.messages(count: 1).first)
            #expect(record.tls)
        }
    }

    @Test(.enabled(if: opensslAvailable))
    func anUntrustedCertificateStopsTheExchange() async throws {
        try await withSMTPSink(tls: "starttls") { sink in
            let settings = try SMTPSettings.parse(
                url: "smtp+starttls://localhost:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(
                settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, timeout: .seconds(10))
            let error = await #expect(throws: SMTPError.self) { try await client.send(sampleMessage) }
            guard case .transport(let step, _) = error else {
                Issue.record("expected a TLS failure, got \(String(describing: error))")
                return
            }
            #expect(step == "EHLO" || step == "STARTTLS handshake")
            #expect(sink.receivedCount() == 0)
        }
    }

    @Test func startTLSThatIsNotOfferedSendsNothing() async throws {
        try await withSMTPSink { sink in
            let settings = try SMTPSettings.parse(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=true", from: "noreply@steward.test")
            let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            await #expect(throws: SMTPError.startTLSNotOffered) { try await client.send(sampleMessage) }
            #expect(sink.receivedCount() == 0)
        }
    }

    @Test func aServerWithoutESMTPIsGreetedWithHELO() async throws {
        try await withSMTPSink(["--no-ehlo"]) { sink in
            let settings = try SMTPSettings.parse(url: "smtp://127.0.0.1:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            try await client.send(sampleMessage)
            let record = try #require(try await sink.messages(count: 1).first)
            #expect(record.helo == "steward.test")
        }
    }

    @Test func aRefusedRecipientThrowsWithTheServersWords() async throws {
        try await withSMTPSink(["--reject-rcpt", "nobody@example.org"]) { sink in
            let settings = try SMTPSettings.parse(url: "smtp://127.0.0.1:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            var message = sampleMessage
            message.to = "nobody@example.org"
            let error = await #expect(throws: SMTPError.self) { try await client.send(message) }
            guard case .unexpectedReply("RCPT TO", 550, let text) = error else {
                Issue.record("expected 550 to RCPT TO, got \(String(describing: error))")
                return
            }
            #expect(text.contains("no such mailbox"))
            #expect(error?.description.contains("RCPT TO with 550") == true)
        }
    }

    @Test func aWrongPasswordThrowsAndSendsNothing() async throws {
        try await withSMTPSink(["--auth", "steward:right"]) { sink in
            let settings = try SMTPSettings.parse(
                url: "smtp://steward:wrong@127.0.0.1:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
            let error = await #expect(throws: SMTPError.self) { try await client.send(sampleMessage) }
            guard case .unexpectedReply("AUTH PLAIN", 535, _) = error else {
                Issue.record("expected 535 to AUTH PLAIN, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("wrong") == false)
            #expect(sink.receivedCount() == 0)
        }
    }

    @Test func nothingListeningThrowsPromptly() async throws {
        // A port that was just in use and is now closed: nothing listens there.
        var port = 0
        try await withSMTPSink { sink in port = sink.port }
        let settings = try SMTPSettings.parse(url: "smtp://127.0.0.1:\(port)", from: "noreply@steward.test")
        let client = SMTPClient(
            settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, timeout: .seconds(5))
        let started = ContinuousClock.now
        let error = await #expect(throws: SMTPError.self) { try await client.send(sampleMessage) }
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .connectionFailed(host: "127.0.0.1", port: port, _) = error else {
            Issue.record("expected a connection failure, got \(String(describing: error))")
            return
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await withSMTPSink(["--silent"]) { sink in
            let settings = try SMTPSettings.parse(url: "smtp://127.0.0.1:\(sink.port)", from: "noreply@steward.test")
            let client = SMTPClient(
                settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, timeout: .seconds(2))
            let started = ContinuousClock.now
            await #expect(throws: SMTPError.timedOut(.seconds(2))) { try await client.send(sampleMessage) }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(4), "\(elapsed)")
        }
    }

    @Test func anInvalidRecipientOrEHLONameIsRefusedBeforeConnecting() async throws {
        let settings = try SMTPSettings.parse(url: "smtp://127.0.0.1:1", from: "noreply@steward.test")
        let client = SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        var message = sampleMessage
        message.to = "victim@example.org>\r\nRCPT TO:<other@example.org"
        let error = await #expect(throws: SMTPError.self) { try await client.send(message) }
        guard case .invalidAddress = error else {
            Issue.record("expected an invalid address, got \(String(describing: error))")
            return
        }
        var badHelo = settings
        badHelo.heloName = "steward.test\r\nMAIL FROM:<x@y.test>"
        let heloClient = SMTPClient(settings: badHelo, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await #expect(throws: SMTPError.self) { try await heloClient.send(sampleMessage) }
    }
}

private let sampleMessage = EmailMessage(
    to: "someone@example.org", subject: "Hello", text: "Hello there.", html: "<p>Hello there.</p>")

private func normalized(_ text: String) -> String {
    text.replacingOccurrences(of: "\r\n", with: "\n")
}

// MARK: - a MIME reader, independent of the encoder under test

private func splitHeaders(_ message: String) -> (headers: [String], body: String)? {
    guard let end = message.range(of: "\r\n\r\n") else { return nil }
    let headers = message[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        .components(separatedBy: "\r\n")
    return (headers, String(message[end.upperBound...]))
}

private struct MIMEPart {
    var contentType: String
    var transferEncoding: String
    var content: String
}

private struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

private func mimeParts(_ message: String) throws -> [MIMEPart] {
    guard let (headers, body) = splitHeaders(message),
        let contentType = headers.first(where: { $0.lowercased().hasPrefix("content-type:") }),
        let boundaryStart = contentType.range(of: "boundary=\"")
    else { throw TestFailure(description: "no multipart Content-Type with a boundary") }
    let boundary = contentType[boundaryStart.upperBound...].prefix { $0 != "\"" }
    let chunks = ("\r\n" + body).components(separatedBy: "\r\n--" + boundary)
    guard chunks.count >= 3, chunks.last!.hasPrefix("--") else { throw TestFailure(description: "no closing boundary") }
    return try chunks.dropFirst().dropLast().map { chunk in
        guard let (partHeaders, content) = splitHeaders(String(chunk.trimmingPrefix("\r\n"))) else {
            throw TestFailure(description: "a part without headers")
        }
        func header(_ name: String) -> String {
            partHeaders.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        let encoding = header("Content-Transfer-Encoding").lowercased()
        let decoded: String
        switch encoding {
        case "quoted-printable": decoded = decodeQuotedPrintable(content)
        case "base64":
            guard let data = Data(base64Encoded: content.replacingOccurrences(of: "\r\n", with: "")) else {
                throw TestFailure(description: "bad base64")
            }
            decoded = String(decoding: data, as: UTF8.self)
        default: decoded = content
        }
        return MIMEPart(contentType: header("Content-Type"), transferEncoding: encoding, content: decoded)
    }
}

/// Shared with InlineImageTests.
func decodeQuotedPrintable(_ text: String) -> String {
    let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
            let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
        {
            output.append(value)
            index += 3
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return String(decoding: output, as: UTF8.self)
}

/// Every "=" starts a complete =XX escape, or is the soft break ending the line.
private func escapesAreWhole(_ line: String) -> Bool {
    let bytes = Array(line.utf8)
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "=") {
        if index == bytes.count - 1 { continue }
        guard index + 2 < bytes.count,
            bytes[index + 1...index + 2].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) })
        else { return false }
    }
    return true
}

private func decodeEncodedWords(_ text: String) -> String {
    text.components(separatedBy: "\r\n ").map { word -> String in
        guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
            let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
        else { return "<not an encoded word: \(word)>" }
        return String(decoding: data, as: UTF8.self)
    }.joined()
}

// MARK: - the SMTP sink (Tests/support/smtp_sink.py)

private struct SinkRecord: Decodable {
    struct Parsed: Decodable {
        struct Part: Decodable {
            var contentType: String
            var charset: String?
            var transferEncoding: String?
            var content: String
        }
        var subject: String
        var from: String
        var to: String
        var date: String
        var messageId: String
        var mimeVersion: String
        var contentType: String
        var parts: [Part]
        var defects: [String]
    }
    var server: String
    var helo: String?
    var mailFrom: String
    var rcptTos: [String]
    var authUser: String?
    var tls: Bool
    var data: String
    var parsed: Parsed
}

/// The sink as a child process; `stop()` ends it, and it ends itself when our end of its stdin closes.
private final class SMTPSink: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("support/smtp_sink.py")

    let process = Process()
    let stdin = Pipe()
    let directory: URL
    let outDirectory: URL
    private(set) var port = 0

    private let options: [String]
    private let tls: String?
    private var launched = false

    init(_ options: [String], tls: String?) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        outDirectory = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("stderr.log").path, contents: nil)
        self.options = options
        self.tls = tls
    }

    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    private var keyPath: String { directory.appendingPathComponent("key.pem").path }

    /// Client settings that trust the sink's self-signed certificate and nothing else.
    var trustingItsCertificate: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(certificatePath)
        return configuration
    }

    func start() async throws {
        var arguments = [
            "python3", Self.script.path, "--port", "0", "--out", outDirectory.path, "--exit-on-stdin-eof",
            "--max-seconds", "120",
        ]
        if let tls {
            try makeCertificate()
            arguments += ["--tls", tls, "--cert", certificatePath, "--key", keyPath]
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments + options
        process.standardInput = stdin
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr.log"))
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        launched = true
        // If the sink never prints its port, ending it closes the pipe and the read below returns.
        let process = self.process
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let line = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while true {
                    let chunk = stdout.fileHandleForReading.readData(ofLength: 1)
                    guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        watchdog.cancel()
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            throw TestFailure(description: "smtp_sink.py did not print its port; its stderr:\n\(log)")
        }
        self.port = port
    }

    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    func receivedCount() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.count
    }

    /// Waits for `count` messages and returns them in the order the sink received them.
    func messages(count: Int, within limit: Duration = .seconds(10)) async throws -> [SinkRecord] {
        let deadline = ContinuousClock.now + limit
        while receivedCount() < count {
            guard ContinuousClock.now < deadline else {
                throw TestFailure(
                    description: "the sink received \(receivedCount()) of \(count) messages; log:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try (1...count).map { number in
            let url = outDirectory.appendingPathComponent("message-\(number).json")
            return try decoder.decode(SinkRecord.self, from: Data(contentsOf: url))
        }
    }

    func stop() {
        if launched {
            if process.isRunning { process.terminate() }
            try? stdin.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` against a fresh sink and ends the sink whatever happens.
private func withSMTPSink(
    _ options: [String] = [], tls: String? = nil, _ body: (SMTPSink) async throws -> Void
) async throws {
    let sink = try SMTPSink(options, tls: tls)
    defer { sink.stop() }
    try await sink.start()
    try await body(sink)
}

private let opensslAvailable = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
    FileManager.default.isExecutableFile(atPath: "\($0)/openssl")
}

extension SMTPSink {
    /// A certificate for "localhost" and 127.0.0.1, in the sink's directory so that it goes with it.
    fileprivate func makeCertificate() throws {
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", keyPath, "-out", certificatePath,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw TestFailure(description: "openssl req failed with status \(openssl.terminationStatus)")
        }
    }
}
