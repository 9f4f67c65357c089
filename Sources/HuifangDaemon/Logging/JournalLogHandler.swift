import Foundation
import Logging
import Synchronization

/// The daemon's log level, changeable while it runs (`huifangctl admin log-level`).
public final class LogLevelControl: Sendable {
    public static let shared = LogLevelControl()
    private let current = Mutex<Logger.Level>(.info)

    public var level: Logger.Level {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// Log lines for journald (when `JOURNAL_STREAM` says stderr goes there): each line starts
/// with its syslog priority (`<3>` error … `<7>` debug), so `journalctl -p err` finds the
/// errors, and carries no timestamp of its own (journald stamps every line).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) { self.label = label }

    public var logLevel: Logger.Level {
        get { LogLevelControl.shared.level }
        set { LogLevelControl.shared.level = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "<\(Self.priority(event.level))>\(event.level) \(label):\(fields) \(event.message)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

