import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-terminated lines from a blocking file descriptor, with a size limit:
/// a line longer than the limit is reported once as `.tooLong` and skipped to its end,
/// so one bad line never ends the conversation.
public struct LineReader {
    public enum Event: Equatable {
        case line([UInt8])
        case tooLong
        case end
    }

    private let fd: Int32
    private let maxLength: Int
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no newline, so a long line is scanned once.
    private var scanned = 0
    private var discarding = false
    private var finished = false

    public init(fd: Int32, maxLength: Int) {
        self.fd = fd
        self.maxLength = maxLength
    }

    public mutating func next() -> Event {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
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
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
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
}
