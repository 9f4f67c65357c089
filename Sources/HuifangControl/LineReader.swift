import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-terminated lines from a blocking file descriptor, with a size limit:
/// a line longer than the limit is reported once as `.tooLong` and skipped to its end,
/// so one bad line never ends the conversation.
///
/// With a `lineDeadlineMs`, a line must be complete within that many milliseconds of its
/// first byte: a peer that trickles a byte now and then is reported as `.timedOut` (the
/// socket's receive timeout is narrowed to what is left of the deadline before each read).
public struct LineReader {
    public enum Event: Equatable {
        case line([UInt8])
        case tooLong
        /// The line begun was not finished within the deadline.
        case timedOut
        case end
    }

    private let fd: Int32
    private let maxLength: Int
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no newline, so a long line is scanned once.
    private var scanned = 0
    private var discarding = false
    private var finished = false
    private let lineDeadlineMs: Int?
    private let idleTimeoutMs: Int
    /// When the line in progress got its first byte (monotonic nanoseconds).
    private var lineStarted: UInt64?

    /// `idleTimeoutMs` is the receive timeout the socket already has; the reader restores it
    /// between lines when it narrows it for a deadline.
    public init(fd: Int32, maxLength: Int, lineDeadlineMs: Int? = nil, idleTimeoutMs: Int = 0) {
        self.fd = fd
        self.maxLength = maxLength
        self.lineDeadlineMs = lineDeadlineMs
        self.idleTimeoutMs = idleTimeoutMs
    }

    public mutating func next() -> Event {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                lineStarted = buffer.isEmpty ? nil : DispatchTime.now().uptimeNanoseconds
                if discarding {
                    discarding = false
                    continue
                }
                if line.count > maxLength { return .tooLong }
                return .line(line.last == 0x0D ? Array(line.dropLast()) : line)
            }
            scanned = buffer.count
            if !discarding && buffer.count > maxLength {
                buffer.removeAll(keepingCapacity: true)
                scanned = 0
                discarding = true
                return .tooLong
            }
            if discarding {
                buffer.removeAll(keepingCapacity: true)
                scanned = 0
            }
            if finished { return .end }
            if !narrowTimeoutToDeadline() {
                finished = true
                return .timedOut
            }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && lineStarted != nil && lineDeadlineMs != nil {
                finished = true
                return .timedOut
            }
            if count > 0 && lineStarted == nil && !discarding { lineStarted = DispatchTime.now().uptimeNanoseconds }
            if count <= 0 {
                finished = true
                if buffer.isEmpty || discarding { return .end }
                buffer.append(0x0A)  // a last line without a newline still counts
                scanned = 0
                continue
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Sets the receive timeout to what is left of the current line's deadline (or back to
    /// the idle timeout between lines); false when the deadline has already passed.
    private mutating func narrowTimeoutToDeadline() -> Bool {
        guard let lineDeadlineMs else { return true }
        var waitMs = idleTimeoutMs
        if let lineStarted {
            let elapsedMs = Int((DispatchTime.now().uptimeNanoseconds - lineStarted) / 1_000_000)
            let leftMs = lineDeadlineMs - elapsedMs
            if leftMs <= 0 { return false }
            waitMs = idleTimeoutMs > 0 ? min(idleTimeoutMs, leftMs) : leftMs
        }
        var timeout = timeval(tv_sec: waitMs / 1000, tv_usec: Int((waitMs % 1000) * 1000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return true
    }
}
