import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Notices that the store file was replaced under the running daemon (a backup moved or
/// installed over it): the daemon would go on writing to the file it has open, and the
/// rows written there would be lost with it. It stops instead, saying why (a `Service`: its
/// error stops the group).
struct StoreWatch: Service {
    struct Replaced: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "the store file \(path) was replaced while huifangd ran; stopping so that nothing is written to the old one. To restore a backup, stop huifangd first (see the README), then start it again"
        }
    }

    let path: String
    let logger: Logger
    private let identity: (UInt64, UInt64)?

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        identity = Self.identity(path)
    }

    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    func run() async throws {
        guard let identity else { return }
        while !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let now = Self.identity(path)
            if now.map({ $0 != identity }) ?? true {
                let replaced = Replaced(path: path)
                logger.critical("\(replaced.description)")
                throw replaced
            }
        }
    }
}
