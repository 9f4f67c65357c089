import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Backups {
        @Test("R-OPS-3 backup now, verify, a corrupted copy fails verification, and the README's restore procedure brings the data back")
        func backupVerifyRestore() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let kept = try daemon.ctl(["customer", "add", "--name", "备份前", "--phone", "13800000000"]).stdout.trimmed
            let file = try daemon.ctl(["backup", "now"]).stdout.trimmed
            #expect(FileManager.default.fileExists(atPath: file))
            #expect(file.hasPrefix(daemon.directory.file("backups/huifang-")))
            let listed = try #require(try daemon.ctlJSON(["backup", "list"]).array)
            #expect(listed.contains { $0["file"]?.stringValue == file })

            let verdict = try daemon.ctlJSON(["backup", "verify", file])
            #expect(verdict["ok"] == .bool(true))
            #expect(verdict["integrity"]?.stringValue == "ok")
            #expect((verdict["schema"]?.array?.count ?? 0) >= 9)

            // A damaged copy: pages overwritten in the middle.
            let damaged = daemon.directory.file("damaged.sqlite")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let start = bytes.count / 2
            bytes.replaceSubrange(start..<min(bytes.count, start + 8192), with: Data(repeating: 0x5A, count: min(8192, bytes.count - start)))
            try bytes.write(to: URL(fileURLWithPath: damaged))
            let bad = try daemon.ctl(["backup", "verify", damaged])
            #expect(bad.status == 1)
            #expect(bad.stdout.contains("NOT OK"), "\(bad.stdout)\(bad.stderr)")

            let lost = try daemon.ctl(["customer", "add", "--name", "备份后", "--phone", "13800000001"]).stdout.trimmed
            // The restore procedure (README, Operations): stop, copy the backup over the store,
            // remove the -wal and -shm files, start.
            #expect(daemon.stop() == 0)
            try? FileManager.default.removeItem(atPath: daemon.storePath)
            try? FileManager.default.removeItem(atPath: daemon.storePath + "-wal")
            try? FileManager.default.removeItem(atPath: daemon.storePath + "-shm")
            try FileManager.default.copyItem(atPath: file, toPath: daemon.storePath)
            try daemon.start()
            #expect(try daemon.ctl(["customer", "show", kept]).status == 0)
            #expect(try daemon.ctl(["customer", "show", lost]).status == 1, "what came after the backup is gone")
        }
    }
}
