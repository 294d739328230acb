import Crypto
import Foundation

/// What bcrypt is given for a password. bcrypt reads at most 72 bytes and silently ignores the
/// rest, so two long passwords sharing their first 72 bytes would both unlock an account. A
/// password longer than that is first reduced to its SHA-256 (base64, 44 bytes): every byte counts,
/// and passwords of 72 bytes or fewer (all that existed before) hash exactly as before.
public enum PasswordDigest {
    public static let minimumLength = 8
    public static let maximumLength = 128
    static let bcryptByteLimit = 72

    public static func bcryptInput(_ password: String) -> String {
        let bytes = Array(password.utf8)
        guard bytes.count > bcryptByteLimit else { return password }
        return Data(SHA256.hash(data: bytes)).base64EncodedString()
    }
}
