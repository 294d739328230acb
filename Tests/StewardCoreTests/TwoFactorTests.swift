import Foundation
import StewardCore
import Testing

@Suite("Two-factor")
struct TwoFactorTests {
    /// The RFC 6238 Appendix B secret for SHA-1.
    static let rfcSecret = Array("12345678901234567890".utf8)

    // MARK: TOTP

    @Test(
        "RFC 6238 Appendix B SHA-1 vectors, in 8 digits and truncated to 6",
        arguments: [
            (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] as [(TimeInterval, String)])
    func rfcVectors(time: TimeInterval, expected: String) {
        let date = Date(timeIntervalSince1970: time)
        let step = TOTP.step(at: date)
        #expect(step == Int64(time) / 30)
        #expect(TOTP.code(secret: Self.rfcSecret, step: step, digits: 8) == expected)
        #expect(TOTP.code(secret: Self.rfcSecret, step: step) == String(expected.suffix(6)))
        #expect(TOTP(secret: Self.rfcSecret).code(at: date) == String(expected.suffix(6)))
    }

    @Test("Six-digit codes keep their leading zero")
    func leadingZero() {
        #expect(TOTP(secret: Self.rfcSecret).code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
    }

    @Test("A step is 30 seconds, counted from the epoch")
    func stepBoundaries() {
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 0)) == 0)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 30)) == 1)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(TOTP.step(at: Date(timeIntervalSince1970: 60)) == 2)
    }

    @Test("The previous, current and next step are accepted and reported; two steps away is not")
    func matchingWindow() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: now)
        func code(_ offset: Int64) -> String { TOTP.code(secret: Self.rfcSecret, step: step + offset) }

        #expect(totp.matchingStep(code(0), at: now) == step)
        #expect(totp.matchingStep(code(-1), at: now) == step - 1)
        #expect(totp.matchingStep(code(1), at: now) == step + 1)
        #expect(totp.matchingStep(code(-2), at: now) == nil)
        #expect(totp.matchingStep(code(2), at: now) == nil)
        #expect(totp.matchingStep(code(-2), at: now, window: 2) == step - 2)
        #expect(totp.matchingStep(code(1), at: now, window: 0) == nil)
        #expect(totp.matchingStep(code(0), at: now, window: 0) == step)
        #expect(totp.matchingStep("050 471", at: now) == step)
        #expect(totp.matchingStep(" 050471 ", at: now) == step)
    }

    @Test(
        "Anything but six ASCII digits is refused",
        arguments: ["", "12345", "abcdef", "1234567", "05047a", "050-471", "٠٥٠٤٧١", "０５０４７１", "050471\n", "+50471"])
    func junkCodes(code: String) {
        // 050471 is the valid code at this moment, so near-misses of it must fail on form alone.
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        #expect(TOTP(secret: Self.rfcSecret).matchingStep(code, at: now) == nil)
    }

    // MARK: Base32

    @Test(
        "RFC 4648 base32 vectors, without padding",
        arguments: [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ])
    func base32Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test("Base32 decoding forgives case, spaces and padding, not foreign characters")
    func base32Lenience() {
        #expect(Base32.decode("MZXW6YQ=") == Array("foob".utf8))
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == Self.rfcSecret)
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("MZXW0") == nil)
        #expect(Base32.decode("MZ-XW") == nil)
        #expect(Base32.decode("MZXWé") == nil)
    }

    @Test("Base32 round-trips every length")
    func base32RoundTrip() {
        var generator = SplitMix64(seed: 42)
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let encoded = Base32.encode(bytes)
            #expect(encoded.count == (length * 8 + 4) / 5)
            #expect(Base32.decode(encoded) == bytes)
        }
    }

    // MARK: otpauth URL

    @Test("The otpauth URL carries the label, secret and the default parameters")
    func otpauthShape() {
        let url = TOTP.otpauthURL(secret: Self.rfcSecret, account: "anna.de.vries@example.com", issuer: "Steward")
        #expect(url == Reference.otpauthURL)
    }

    @Test("Issuer and account are percent-encoded, the label colon is not")
    func otpauthEscaping() throws {
        let url = TOTP.otpauthURL(secret: [1, 2, 3], account: "anna de vries:x+y@example.com", issuer: "Café & Co/2")
        #expect(
            url == "otpauth://totp/Caf%C3%A9%20%26%20Co%2F2:anna%20de%20vries%3Ax%2By@example.com"
                + "?secret=AEBAG&issuer=Caf%C3%A9%20%26%20Co%2F2&algorithm=SHA1&digits=6&period=30")
        let components = try #require(URLComponents(string: url))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/Café & Co/2:anna de vries:x+y@example.com")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value) })
        #expect(items["issuer"] == "Café & Co/2")
        #expect(items["secret"] == "AEBAG")
    }

    // MARK: Recovery codes

    @Test("Ten distinct recovery codes, xxxxx-xxxxx from the unambiguous alphabet")
    func recoveryCodeShape() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == RecoveryCodes.count)
        #expect(Set(codes).count == RecoveryCodes.count)
        for code in codes {
            #expect(code.count == 11)
            #expect(Array(code)[5] == "-")
            #expect(code.replacingOccurrences(of: "-", with: "").allSatisfy { RecoveryCodes.alphabet.contains($0) })
            #expect(RecoveryCodes.looksLikeRecoveryCode(code))
        }
    }

    @Test("The same random source gives the same codes, and every symbol turns up")
    func recoveryCodeDeterminism() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let codes = RecoveryCodes.generate { first.next() }
        #expect(codes == RecoveryCodes.generate { second.next() })

        var generator = SplitMix64(seed: 99)
        let symbols = Set((0..<20).flatMap { _ in RecoveryCodes.generate { generator.next() } }.joined())
        #expect(symbols == Set(RecoveryCodes.alphabet + "-"))
    }

    @Test("Recovery codes are recognised however they were typed")
    func recoveryCodeNormalising() {
        #expect(RecoveryCodes.normalise(" ABCDE-fghjk ") == "abcdefghjk")
        #expect(RecoveryCodes.normalise("abcde fghjk") == "abcdefghjk")
        #expect(RecoveryCodes.normalise("a-b-c") == "abc")
        for typed in ["abcde-fghjk", "ABCDE-FGHJK", "abcdefghjk", " abcde fghjk "] {
            #expect(RecoveryCodes.looksLikeRecoveryCode(typed), "\(typed)")
        }
        for typed in [
            "", "123456", "abcde-fghj", "abcde-fghjkm", "abcde-fghj1", "abcdo-fghjk", "abcde_fghjk", "abcdé-fghj",
        ] {
            #expect(!RecoveryCodes.looksLikeRecoveryCode(typed), "\(typed)")
        }
    }

    // MARK: QR code

    // Reference matrices come from python-qrcode 8.2 (byte mode, level M, border 0). It chooses the mask
    // differently (it blanks the format bits while scoring and ignores the quiet zone), so "HELLO" pins its mask.

    @Test("HELLO matches python-qrcode, version 1, mask 2")
    func qrHello() throws {
        let code = try QRCode.encode("HELLO", mask: 2)
        #expect(code.version == 1)
        #expect(code.size == 21)
        #expect(Self.rows(code) == Reference.hello)
    }

    @Test("UTF-8 text matches python-qrcode, version 3, including its mask choice")
    func qrUTF8() throws {
        let code = try QRCode.encode("Steward — één twee 🔐")
        #expect(code.version == 3)
        #expect(code.mask == 3)
        #expect(Self.rows(code) == Reference.utf8)
    }

    @Test("An otpauth URL matches python-qrcode, version 8 with version information, including its mask choice")
    func qrOtpauth() throws {
        let code = try QRCode.encode(Reference.otpauthURL)
        #expect(code.version == 8)
        #expect(code.mask == 4)
        #expect(Self.rows(code) == Reference.otpauth)
    }

    @Test(
        "The smallest version that fits is chosen",
        arguments: [(1, 1), (14, 1), (15, 2), (122, 7), (123, 8), (2331, 40)])
    func qrVersions(bytes: Int, version: Int) throws {
        let code = try QRCode.encode(String(repeating: "a", count: bytes))
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
    }

    @Test("Data beyond version 40 is refused")
    func qrTooLong() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2332, limit: 2331)) {
            try QRCode.encode(String(repeating: "a", count: 2332))
        }
    }

    @Test("Outside the symbol is light")
    func qrOutside() throws {
        let code = try QRCode.encode("HELLO")
        #expect(code.isDark(x: 0, y: 0))
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
    }

    @Test("The SVG is self-contained, titled and covers exactly the dark modules")
    func qrSVG() throws {
        let code = try QRCode.encode("HELLO")
        let svg = code.svg(moduleSize: 4, quietZone: 4, title: #"Scan <me> & "Steward's" code"#)
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" width="116" height="116""#))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains(#"role="img" aria-labelledby="qr-title""#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(#"<title id="qr-title">Scan &lt;me&gt; &amp; &quot;Steward&#39;s&quot; code</title>"#))
        #expect(svg.contains(##"<rect fill="#fff" width="29" height="29"/>"##))
        #expect(svg.contains(##"<path fill="#000" d="M4 4h7v1h-7z"##))

        // Each run is "M<x> <y>h<length>v1h-<length>z"; the "h-" halves yield no number and drop out.
        let painted = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.reduce(0, +)
        let dark = (0..<code.size * code.size).filter { code.isDark(x: $0 % code.size, y: $0 / code.size) }.count
        #expect(painted == dark)
    }

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }) }
    }
}

/// A small seeded generator so byte and code sequences are reproducible.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private enum Reference {
    static let otpauthURL =
        "otpauth://totp/Steward:anna.de.vries@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        + "&issuer=Steward&algorithm=SHA1&digits=6&period=30"

    static let hello = [
        "#######....#..#######",
        "#.....#...#.#.#.....#",
        "#.###.#.##....#.###.#",
        "#.###.#.#.#.#.#.###.#",
        "#.###.#.##..#.#.###.#",
        "#.....#.####..#.....#",
        "#######.#.#.#.#######",
        "........##...........",
        "#.#####...##..#####..",
        ".##.##.#.######..##..",
        "..#####.#...#.##.###.",
        ".##.#....######..##..",
        ".#.######...#..#..#.#",
        "........#.#.#..#.#...",
        "#######..###.#..#.##.",
        "#.....#.#.#....#####.",
        "#.###.#.##.#.#..#.##.",
        "#.###.#.##.#####.#...",
        "#.###.#.##..#.##..#..",
        "#.....#..######.###..",
        "#######.##..#...#.##.",
    ]
    static let utf8 = [
        "#######.#..#...##.##..#######",
        "#.....#.#####.##.#....#.....#",
        "#.###.#..##.####.#.##.#.###.#",
        "#.###.#.#.###...##....#.###.#",
        "#.###.#..##..#...###..#.###.#",
        "#.....#..#..#.#....##.#.....#",
        "#######.#.#.#.#.#.#.#.#######",
        "........#######..............",
        "#.##.###..##.##.#..#..#..#.##",
        ".###.#..##.##..###.###.#.#..#",
        "..#.#.#...#.#.##..#....#.#.#.",
        ".##.#..#...#####.##.##.....##",
        "..#..#####..#...#.#.###...#..",
        "..#..#.#.....#...###..##..#.#",
        "#..####..#..#.#...##.......##",
        ".#..##..##.#.#.#.##.#..###.#.",
        ".#.##.#....##....#...##..#.#.",
        "..##...#.##..#....#.#.#.##.#.",
        "#..#.##..##.#.....#..#..#.#..",
        "..####..####...###..####.####",
        ".#.#.##..###.#.#...########.#",
        "........##...###.##.#...##...",
        "#######.###.##..#.###.#.#.##.",
        "#.....#.#.##....##.##...##.#.",
        "#.###.#..#.#..##....#####.###",
        "#.###.#.#.#####.##....##..##.",
        "#.###.#.##..#.###...#...##..#",
        "#.....#..##.#...#...###..###.",
        "#######.###.#.####.###.#...#.",
    ]
    static let otpauth = [
        "#######.##.#.#.#....##......#.#..#.##...#.#######",
        "#.....#..#.##.#.#...##########.######.###.#.....#",
        "#.###.#..##.#..#..##...#.###...####.#..##.#.###.#",
        "#.###.#.#..#............#.####.#.....#.#..#.###.#",
        "#.###.#.##.....###....#####...#..#.#......#.###.#",
        "#.....#.#..##.##...#.##...##.#.####.#.#...#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
        "........###.#.##..#####...#.#.....#####..........",
        "#...#.######.####.....######..#.##.##.########..#",
        "..#.##....#...#.#..####...######.#...###.#####...",
        "...##.##......###.##....#.#.##..#..#.#######.....",
        "#.#.#..#######...#.##.###.##....###..##.#..#..##.",
        "#..#..#...##.##.###.#####.#...#.#####.....#.#....",
        ".##.#..###...#.##..##..#.###.###.#.#..##.##...##.",
        "#.#..######.##.##..#..#..######.....#...####.##..",
        ".#.###.##..#....###..###.#..##.######..##...#.#.#",
        ".#.####.##.###.##..#.#.###....###.###...###.#..#.",
        "..#..#..#.#.......#.#..##.##..#.##..####..####..#",
        "##.##.#..#...#..##...#.#..####.###.#.##..######..",
        "##.##..#....#.###...#.#.#..#.###..#.##...####.#.#",
        "...#.##.#.##.#..#...#.###.##....#..####.###.###.#",
        ".##..#.##.#..#..##..#.#..##.###.##.##.#...#.#...#",
        "#..#######....##.#.#..############.##.#.#####.#..",
        ".#..#...##.#......##.##...###..#..#.###.#...#.##.",
        "###.#.#.##...#.######.#.#.##.#..#..##..##.#.#.###",
        "#.#.#...###...#.....###...#.###.#..#..###...####.",
        "###.#####.##..###..########.##.#...#.##.######...",
        "#.##........#....#...#..##.#...##.###.#...##..#..",
        "####.#######.##.#.####.##.##.##.##..##..#..#...##",
        "#..##..#..#######.......###.###.##..#.#..##.#....",
        "##...##.....##......#....#....#..#.#.#......#.#..",
        "..#.##...#.#.###.#.##.##..###.####..####.###.##..",
        ".....###...#...##.##.##..####..###.##.#....####..",
        "...###.##.#..##..##.##.##...##.###...##.#.#.#..##",
        "...####..##..##.##...#.#.#...#.#.#...#####..###..",
        ".##..#..####.##.#..#..#.##...#.##.#####...##..#..",
        "#.#.#.#.###...#....##..#####.#####.##...##.#..##.",
        "..#.##..##.#...#..#.#.###.##.###.#....##....###.#",
        ".#...##..#...###..###..#.#.####......####.....#..",
        ".###......###.#.####.##...#.#.#....##...###...###",
        "###...#......#..###...######....##.##...#######..",
        "........##..#.#.#.#.#.#...#.###..#.##.#.#...#....",
        "#######.#.###.##...#..#.#.####.#.##...#.#.#.##...",
        "#.....#.....##.##..#.##...##....#.#.#..##...#.##.",
        "#.###.#.#.....#####.########.#..##.##.########..#",
        "#.###.#....#.....#.##.......###..#..###.#.#.....#",
        "#.###.#...#.##.##.##.#.#..#..###......#.#.##..###",
        "#.....#..####.####....#..##.##..#..###.....#.###.",
        "#######.#...##...##..#.####..##.###.##.#.####.###",
    ]
}
