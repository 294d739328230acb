import Foundation
import StewardCore
import StewardStore
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The peers allowed to name the client in `X-Forwarded-For` (NOTES §12): exact addresses or
/// CIDR ranges, IPv4 or IPv6. Anyone else's header is ignored, so a client cannot pick the
/// address its throttles count against.
public struct TrustedProxies: Sendable, Equatable {
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int
        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) {
                if left <= 0 { return true }
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if a & mask != b & mask { return false }
                left -= 8
            }
            return true
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var entry: String
        var description: String { "“\(entry)” is not an IP address or CIDR range" }
    }

    var ranges: [Range] = []

    public init() {}

    /// Comma-separated addresses or CIDRs ("10.0.0.0/8, ::1").
    public init(_ list: String) throws {
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else { throw ParseError(entry: entry) }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let n = Int(parts[1]), (0...prefix).contains(n) else { throw ParseError(entry: entry) }
                prefix = n
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client behind `peer`: the nearest untrusted hop of `X-Forwarded-For` when the peer is
    /// a trusted proxy, else the peer itself.
    public func client(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "unknown" }
        guard trusts(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty {
            if !trusts(hop) { return Self.parse(hop) == nil ? peer : hop }
        }
        return hops.first(where: { !$0.isEmpty }) ?? peer
    }

    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

extension Request {
    /// The caller's address for throttles and sign-in notices.
    var clientKey: String {
        application.stewardConfig.trustedProxies.client(
            peer: remoteAddress?.ipAddress, forwardedFor: headers.first(name: "X-Forwarded-For"))
    }

    /// Who is signing in: address, a readable device name, and what identifies the device.
    var signInClient: SignInClient {
        let agent = headers.first(name: .userAgent)
        return SignInClient(
            address: clientKey, device: DeviceName.from(userAgent: agent),
            deviceKey: deviceID.map { "cookie:\($0)" } ?? "agent:\(agent ?? "")")
    }

    private struct DeviceIDKey: StorageKey { typealias Value = String }
    /// The browser's device cookie (pages only; set on its first visit).
    var deviceID: String? {
        get { storage[DeviceIDKey.self] }
        set { storage[DeviceIDKey.self] = newValue }
    }
}

/// A long-lived random id per browser, only to notice sign-ins from a new device. It is set on
/// the first page a browser opens, so the sign-in that follows already carries it.
struct DeviceCookieMiddleware: AsyncMiddleware {
    static let name = "steward_device"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.name].map(\.string).flatMap { $0.count >= 32 && $0.count <= 64 ? $0 : nil }
        let id = existing ?? RandomTokenSource().newToken()
        request.deviceID = id
        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[Self.name] = HTTPCookies.Value(
                string: id, maxAge: 400 * 24 * 3600, path: "/",
                isSecure: request.application.stewardConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
