import HuifangDaemon
import Logging
import Synchronization
import Testing

/// Collects what reaches it.
private final class Capture: Sendable {
    let lines = Mutex<[String]>([])
}

private struct CapturingHandler: LogHandler {
    let capture: Capture
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let meta = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.lines.withLock { $0.append("\(event.message) \(meta)") }
    }
}

@Suite struct RedactingLogHandlerTests {
    @Test("R-CUS-2 the daemon's log handler redacts phones and e-mail addresses in messages and metadata")
    func redactsLogLines() {
        let capture = Capture()
        let logger = Logger(label: "t") { _ in RedactingLogHandler(CapturingHandler(capture: capture)) }
        logger.error("gateway said: unknown number 13912345678", metadata: [
            "huifang.error": "rejected wf@example.com", "huifang.count": "3", "huifang.list": .array(["+8613900001111"]),
        ])
        let line = capture.lines.withLock { $0.first } ?? ""
        #expect(line.contains("unknown number ***5678"))
        #expect(line.contains("huifang.error=rejected ***@example.com"))
        #expect(line.contains("huifang.count=3"))
        #expect(line.contains("***1111"))
        #expect(!line.contains("13912345678") && !line.contains("wf@"))
    }
}
