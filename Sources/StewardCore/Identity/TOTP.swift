import Crypto
import Foundation

/// RFC 4648 base32, the encoding authenticator apps expect for TOTP secrets.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Upper-case and unpadded: authenticator apps accept it, and `=` would need escaping inside an otpauth URL.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        // Only the low bits that have not been emitted yet matter, so letting older bits fall off the top is fine.
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Lenient about what people copy by hand (case, grouping spaces, padding), strict about anything else.
    /// Trailing bits that do not make a whole byte are dropped, as RFC 4648 decoders do.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for scalar in text.unicodeScalars {
            let value: UInt32
            switch scalar {
            case "A"..."Z": value = scalar.value - 65
            case "a"..."z": value = scalar.value - 97
            case "2"..."7": value = scalar.value - 50 + 26
            case "=": continue
            case _ where scalar.properties.isWhitespace: continue
            default: return nil
            }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}

/// RFC 6238 time-based one-time passwords with the parameters every authenticator app supports:
/// HMAC-SHA1, a 30 second step and 6 digits. Anything else is silently ignored by some apps.
public struct TOTP: Sendable {
    public static let period: Int64 = 30
    public static let digits = 6

    public let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// RFC 4226 dynamic truncation. `digits` above 6 exists for the RFC test vectors, which use 8.
    public static func code(secret: [UInt8], step: Int64, digits: Int = 6) -> String {
        precondition((1...10).contains(digits), "TOTP codes have 1 to 10 digits")
        let counter = withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            UInt64(mac[offset] & 0x7f) << 24 | UInt64(mac[offset + 1]) << 16 | UInt64(mac[offset + 2]) << 8
            | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at date: Date) -> String {
        Self.code(secret: secret, step: Self.step(at: date), digits: Self.digits)
    }

    /// The step whose code matches, so the caller can store it and refuse the same or an older step next time
    /// (RFC 6238 §5.2: a code must not be accepted twice). `window` tolerates clock drift and slow typing.
    public func matchingStep(_ code: String, at date: Date, window: Int = 1) -> Int64? {
        let typed = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        guard typed.count == Self.digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let now = Self.step(at: date)
        var offsets = [0]
        for distance in stride(from: 1, through: max(0, window), by: 1) {
            offsets += [-distance, distance]
        }
        // Every step in the window is checked, even after a match, so timing doesn't reveal which one matched.
        var matched: Int64?
        for offset in offsets {
            let step = now + Int64(offset)
            let expected = Array(Self.code(secret: secret, step: step, digits: Self.digits).utf8)
            if constantTimeEquals(expected, typed), matched == nil {
                matched = step
            }
        }
        return matched
    }

    /// Google's Key URI format. The issuer appears both as the label prefix (older apps) and as a parameter
    /// (newer apps); algorithm, digits and period are spelled out although they are the defaults, because some
    /// apps show them and a few misbehave without them.
    public static func otpauthURL(secret: [UInt8], account: String, issuer: String) -> String {
        let encodedIssuer = percentEncode(issuer)
        return "otpauth://totp/\(encodedIssuer):\(percentEncode(account))"
            + "?secret=\(Base32.encode(secret))&issuer=\(encodedIssuer)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }

    /// Only RFC 3986 unreserved characters and `@` stay literal: `:` separates issuer from account in the label,
    /// and apps disagree about `+` meaning a space, so everything else is escaped.
    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "@"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Lengths are not secret here (both sides are always six digits), only where the bytes differ.
private func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices {
        difference |= lhs[index] ^ rhs[index]
    }
    return difference == 0
}

/// One-use codes for when the authenticator is lost. Ten characters from a 31-symbol alphabet give about
/// 49 bits each, plenty for a secret that is rate-limited and stored hashed.
public enum RecoveryCodes {
    public static let count = 10
    /// No 0/o, 1/l/i: the codes are often written on paper and typed back in.
    public static let alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    private static let symbols = Array(alphabet.utf8)

    /// `random` must be a uniform source such as a CSPRNG; the default is the system's.
    public static func generate(random: () -> UInt64 = { UInt64.random(in: .min ... .max) }) -> [String] {
        var codes: [String] = []
        var attempts = 0
        while codes.count < count {
            attempts += 1
            // A source that keeps repeating itself is broken; failing loudly beats looping forever.
            precondition(attempts <= count * 100, "RecoveryCodes.generate: the random source repeats itself")
            let characters = (0..<10).map { _ in symbols[uniformIndex(below: symbols.count, random: random)] }
            let code = String(decoding: characters[0..<5] + [UInt8(ascii: "-")] + characters[5...], as: UTF8.self)
            if !codes.contains(code) {
                codes.append(code)
            }
        }
        return codes
    }

    /// Accepts the code however it was typed: capitals, spaces, with or without the dash.
    public static func normalise(_ input: String) -> String {
        String(input.lowercased().filter { $0 != "-" && !$0.isWhitespace })
    }

    /// Tells a recovery code from a six-digit TOTP code before any hashing is done.
    public static func looksLikeRecoveryCode(_ input: String) -> Bool {
        let normalised = normalise(input).utf8
        return normalised.count == 10 && normalised.allSatisfy { symbols.contains($0) }
    }

    /// Rejection sampling: values below 2^64 mod `bound` are discarded, so what remains divides evenly and
    /// no symbol is more likely than another.
    private static func uniformIndex(below bound: Int, random: () -> UInt64) -> Int {
        let upper = UInt64(bound)
        let threshold = (0 &- upper) % upper
        for _ in 0..<64 {
            let value = random()
            if value >= threshold {
                return Int(value % upper)
            }
        }
        preconditionFailure("RecoveryCodes.generate: the random source is stuck below \(threshold)")
    }
}
