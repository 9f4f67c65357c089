import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real child process with its output captured to files, for tests that start huifangd,
/// huifangctl and the webhook sink.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let stdoutPath: String
    private let stderrPath: String

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                directory: String? = nil, stdin: Data? = nil) throws {
        let tag = UUID().uuidString.prefix(8)
        stdoutPath = "/tmp/hf-out-\(tag)"
        stderrPath = "/tmp/hf-err-\(tag)"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        env.removeValue(forKey: "HUIFANG_SOCKET")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = FileHandle(forWritingAtPath: stdoutPath)
        let errors = FileHandle(forWritingAtPath: stderrPath)
        process.standardOutput = output
        process.standardError = errors
        // The child has its own copies once it runs: the parent's are closed at once (Process
        // keeps its handles alive past the child's end, and a long run of tests then passed
        // 1,024 descriptors, where Foundation's Process.run crashed).
        defer {
            try? output?.close()
            try? errors?.close()
        }
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(stdin)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit and returns the status; nil when it did not exit in time.
    public func wait(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// Whether the process was ended by a signal rather than exiting.
    public var wasSignalled: Bool { process.terminationReason == .uncaughtSignal }

    /// Runs a command to its end.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: String? = nil, stdin: Data? = nil, timeout: TimeInterval = 60)
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        let child = try ChildProcess(executable, arguments, environment: environment, directory: directory, stdin: stdin)
        guard let status = child.wait(timeout: timeout) else {
            child.signal(SIGKILL)
            throw TestFailure("\(executable) \(arguments) did not finish in \(timeout) s")
        }
        return (status, child.stdout, child.stderr)
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; for waiting on real processes.
public func eventually(timeout: TimeInterval = 10, interval: TimeInterval = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(UInt32(interval * 1_000_000))
    }
    return try condition()
}
