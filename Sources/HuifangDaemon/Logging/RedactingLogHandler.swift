import HuifangCore
import Logging

/// Wraps a log handler so that messages and metadata values pass through `Redaction`
/// first: a phone number or e-mail address that reaches a log line (an error text quoting
/// a request, a gateway's answer) is not written out in full. With `leveled`, its level is
/// the daemon's current one (`LogLevelControl`, changed by `admin log-level`).
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler
    private let leveled: Bool

    public init(_ inner: any LogHandler, leveled: Bool = false) {
        self.inner = inner
        self.leveled = leveled
    }

    public var logLevel: Logger.Level {
        get { leveled ? LogLevelControl.shared.level : inner.logLevel }
        set { if leveled { LogLevelControl.shared.level = newValue } else { inner.logLevel = newValue } }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var redacted = event
        redacted.message = "\(Redaction.redact(event.message.description))"
        redacted.metadata = event.metadata.map { $0.mapValues(Self.redact) }
        inner.log(event: redacted)
    }

    private static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(Redaction.redact(text))
        case .stringConvertible(let convertible): .string(Redaction.redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }
}
