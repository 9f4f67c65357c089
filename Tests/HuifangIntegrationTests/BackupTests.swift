import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Backups {
        @Test("R-OPS-3 backup now, verify, a corrupted copy fails verification, and a backup copied in while the daemon is stopped brings the data back")
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
            #expect(bad.status == 65, "EX_DATAERR")
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
            #expect(try daemon.ctl(["customer", "show", lost]).status == 66, "what came after the backup is gone")
        }

        @Test("R-OPS-3 backup restore under the running daemon: refused without --confirm, for a damaged file and for the live store, changing nothing; with it, deliveries in flight finish, the backup is copied in, the store as it was kept as a backup, and delivery goes on")
        func restoreUnderRunningDaemon() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let kept = try daemon.ctl(["customer", "add", "--name", "备份前", "--phone", "13800000000"]).stdout.trimmed
            let file = try daemon.ctl(["backup", "now"]).stdout.trimmed
            let lost = try daemon.ctl(["customer", "add", "--name", "备份后", "--phone", "13800000001"]).stdout.trimmed

            let unconfirmed = try daemon.ctl(["backup", "restore", file])
            #expect(unconfirmed.status == 65, "\(unconfirmed.stderr)")
            #expect(unconfirmed.stderr.contains("confirm:"), "\(unconfirmed.stderr)")
            let damaged = daemon.directory.file("damaged.sqlite")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            bytes.replaceSubrange(bytes.count / 2..<bytes.count, with: Data(repeating: 0x5A, count: bytes.count - bytes.count / 2))
            try bytes.write(to: URL(fileURLWithPath: damaged))
            let refused = try daemon.ctl(["backup", "restore", damaged, "--confirm"])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("file:"), "\(refused.stderr)")
            let itself = try daemon.ctl(["backup", "restore", daemon.storePath, "--confirm"])
            #expect(itself.status == 65 && itself.stderr.contains("live store"), "\(itself.stderr)")
            #expect(try daemon.ctl(["customer", "show", lost]).status == 0, "the refusals changed nothing")

            // Deliveries in flight while the restore is asked for: the sink answers slowly.
            try sink.setDefault(SinkReply(status: 200, delayMs: 1500))
            for index in 0..<3 {
                #expect(try daemon.ctl(["message", "schedule", "--customer", kept, "--channel", "sms", "--text", "在途\(index)"]).status == 0)
            }
            try sink.waitFor(count: 3)
            let restored = try daemon.ctl(["backup", "restore", file, "--confirm"])
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains("restored from \(file)"), "\(restored.stdout)")
            let savedAs = try #require(restored.stdout.split(separator: "\n").first { $0.hasPrefix("the store as it was is kept in ") }
                .map { String($0.dropFirst("the store as it was is kept in ".count)) })
            #expect(try daemon.ctl(["customer", "show", kept]).status == 0)
            #expect(try daemon.ctl(["customer", "show", lost]).status == 66, "what came after the backup is gone")
            #expect(try daemon.ctlJSON(["message", "list"]).array?.isEmpty == true, "no delivery outcome was written over the restored store")
            #expect(!daemon.log.contains("delivery results failed"), "\(daemon.log)")
            #expect(daemon.child?.isRunning == true, "the same file, copied into: the daemon does not see a replaced store")

            // Delivery goes on.
            try sink.setDefault(SinkReply(status: 200))
            let after = try daemon.ctl(["message", "schedule", "--customer", kept, "--channel", "sms", "--text", "恢复之后"]).stdout.trimmed
            #expect(eventually { (try? daemon.ctlJSON(["message", "show", after]))?["status"]?.stringValue == "delivered" })

            // The way back: the store as it was, restored in turn.
            #expect(try daemon.ctl(["backup", "restore", savedAs, "--confirm"]).status == 0)
            #expect(try daemon.ctl(["customer", "show", lost]).status == 0)
            let audit = try daemon.ctl(["audit", "list"]).stdout
            #expect(audit.contains("backup.restore"), "\(audit)")
        }
    }
}
