import Foundation

/// What the delivery pipeline's own threads tell the kernel about themselves.
public enum ThreadRole {
    /// Names the calling thread for `top -H`, `perf` and `/proc/PID/task/*/comm` (Linux
    /// keeps 15 bytes). `Thread.name` does not reach the kernel on Linux.
    public static func name(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
