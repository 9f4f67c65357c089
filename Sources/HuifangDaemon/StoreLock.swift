import Foundation
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

/// One daemon per SQLite file: an exclusive `flock` on `<store>.lock`, held for the
/// process's life. Because no other daemon can hold leases on this file, leases left by a
/// crashed predecessor can be released at start-up instead of waiting for them to expire.
final class StoreLock {
    let fd: Int32

    init(storePath: String) throws(HuifangError) {
        let path = storePath + ".lock"
        let directory = (storePath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw HuifangError(.unavailable, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw HuifangError(.conflict, "another huifangd is using the store \(storePath)")
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
