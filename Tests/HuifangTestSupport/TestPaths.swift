import Foundation

/// Where things are when tests run: the package root and the directory of built binaries.
public enum TestPaths {
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The directory of the test runner, which is the build's bin directory.
    public static let binDirectory: URL = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // Inside an .xctest bundle on other platforms the binary sits deeper.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("huifangd").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path == "/" ? packageRoot.appendingPathComponent(".build/debug") : url
    }()

    public static func binary(_ name: String) -> String { binDirectory.appendingPathComponent(name).path }

    public static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("scripts").appendingPathComponent(name).path
    }

    /// A sample body under Tests/Fixtures (the gateway formats Huifang accepts).
    public static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name).path
    }
}

/// A fresh directory under /tmp, removed when the value is released. Paths stay short so
/// that Unix socket paths fit in 108 bytes.
public final class TempDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }
    public init(_ label: String = "t") {
        let name = "hf-\(label)-\(UUID().uuidString.prefix(8))"
        url = URL(fileURLWithPath: "/tmp").appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func write(_ name: String, _ text: String) -> String {
        let path = file(name)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
