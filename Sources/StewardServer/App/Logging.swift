import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// How log lines are written: `text` (swift-log's default, for people) or `json` (one object per
/// line, for log collectors). `LOG_FORMAT` picks it; `LOG_LEVEL` (or `--log`) the level.
enum LogFormat: String, CaseIterable {
    case text, json

    static func from(_ environment: [String: String]) throws -> LogFormat {
        guard let raw = environment["LOG_FORMAT"], !raw.isEmpty else { return .text }
        guard let format = LogFormat(rawValue: raw.lowercased()) else {
            throw ConfigError(problems: ["LOG_FORMAT must be text or json (got \(raw))"])
        }
        return format
    }
}

/// One JSON object per line: time, level, logger label, message, and the metadata (the request's
/// id as `request-id`). Lines never carry secrets: requests are logged by their route pattern
/// (`RequestLogMiddleware`), SQL only at trace level, and email bodies never.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let write: @Sendable (String) -> Void

    init(
        label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput
    ) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var fields: [String: Any] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = Self.json(value)
        }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = level.rawValue
        fields["logger"] = label
        fields["message"] = message.description
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]),
            let text = String(data: data, encoding: .utf8)
        else { return }
        write(text)
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let entries): entries.mapValues(json)
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    private static let outputLock = NIOLock()

    /// Whole lines, never interleaved between threads.
    @Sendable static func standardOutput(_ line: String) {
        outputLock.withLock {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}

/// Logs each request once it is answered: method, route pattern, status and time taken. The
/// pattern (`/invitations/:token`), never the path, so invitation, verification and reset tokens
/// stay out of the logs; a path no route matched is logged without it.
struct RequestLogMiddleware: AsyncMiddleware {
    /// Counts and times each answer too, by the same route pattern.
    let metrics: StewardMetrics?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
        do {
            let response = try await next.respond(to: request)
            log(request, route: route, status: response.status.code, since: started)
            return response
        } catch {
            // The error middleware inside answers; this only sees errors it could not render.
            log(request, route: route, status: 500, since: started)
            throw error
        }
    }

    private func log(_ request: Request, route: String?, status: UInt, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        metrics?.recordRequest(
            method: request.method.rawValue, route: route ?? "unmatched", status: status, duration: elapsed)
        let route = route ?? "(no route)"
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info(
            "\(request.method.rawValue) \(route) \(status)",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(status), "duration_ms": .string(String(format: "%.1f", milliseconds)),
            ])
    }
}
