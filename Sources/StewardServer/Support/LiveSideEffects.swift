import Foundation
import StewardCore
import Vapor

/// 32 random bytes, base64url; stored as their SHA-256.
public struct RandomTokenSource: TokenSource {
    public init() {}
    public func newToken() -> String {
        let bytes = [UInt8].random(count: 32)
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

struct BcryptPasswordHasher: StewardCore.PasswordHasher {
    let cost: Int
    func hash(_ password: String) throws -> String {
        try Bcrypt.hash(PasswordDigest.bcryptInput(password), cost: cost)
    }
    func verify(_ password: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(PasswordDigest.bcryptInput(password), created: hash)) ?? false
    }
}
