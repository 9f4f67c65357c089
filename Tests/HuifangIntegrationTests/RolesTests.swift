import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Roles {
        /// Runs huifangctl as another uid (setpriv), from a copy the uid can execute.
        private func ctl(as uid: Int, _ binary: String, _ socket: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try ChildProcess.run("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", binary,
                                                      "--socket", socket] + args)
        }

        @Test("R-OPS-2 roles from [roles] by uid: front desk may add customers, not pause endpoints; unknown uids are refused; every change and refusal is audited")
        func roleMatrix() throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getuid() == 0 else {
                Issue.record("this test runs commands as other uids: it needs root and setpriv (util-linux)")
                return
            }
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[roles]\n\"4101\" = \"front-desk\"\n\"4102\" = \"manager\"\nroot = \"admin\"\n")
            try daemon.start()
            chmod(daemon.socketPath, 0o666)   // let the test's uids reach the socket; roles decide the rest
            let binDir = TempDirectory("bin")
            chmod(binDir.path, 0o755)
            let ctlPath = binDir.file("huifangctl")
            try FileManager.default.copyItem(atPath: TestPaths.binary("huifangctl"), toPath: ctlPath)

            let added = try ctl(as: 4101, ctlPath, daemon.socketPath, ["customer", "add", "--name", "前台新客", "--phone", "13800000000"])
            #expect(added.status == 0, "\(added.stderr)")
            let customer = added.stdout.trimmed
            let refused = try ctl(as: 4101, ctlPath, daemon.socketPath, ["endpoint", "pause", "sms"])
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("permission_denied"))
            #expect(refused.stderr.contains("front-desk role may not run endpoint.pause"))
            let stranger = try ctl(as: 4199, ctlPath, daemon.socketPath, ["status"])
            #expect(stranger.status == 77)
            #expect(stranger.stderr.contains("uid 4199 has no role in [roles]"))
            // R-PPL-3: a member of staff with a uid has their staff role on the socket.
            #expect(try daemon.ctl(["staff", "add", "--name", "孙医生", "--role", "doctor", "--uid", "4103"]).status == 0)
            let doctor = try ctl(as: 4103, ctlPath, daemon.socketPath, ["task", "list", "--mine"])
            #expect(doctor.status == 0, "\(doctor.stderr)")
            let notManager = try ctl(as: 4103, ctlPath, daemon.socketPath, ["endpoint", "pause", "sms"])
            #expect(notManager.stderr.contains("the doctor role may not run endpoint.pause"), "\(notManager.stderr)")
            #expect(try daemon.ctl(["staff", "edit", "孙医生", "--active", "false"]).status == 0)
            let left = try ctl(as: 4103, ctlPath, daemon.socketPath, ["task", "list"])
            #expect(left.status == 77 && left.stderr.contains("no active member of staff"), "\(left.stderr)")
            let manager = try ctl(as: 4102, ctlPath, daemon.socketPath, ["endpoint", "pause", "sms"])
            #expect(manager.status == 0, "\(manager.stderr)")
            let readAudit = try ctl(as: 4101, ctlPath, daemon.socketPath, ["audit", "list"])
            #expect(readAudit.stderr.contains("permission_denied"), "the audit log is for managers")

            let log = try #require(try daemon.ctlJSON(["audit", "list"]).array)   // as root: admin
            func line(_ command: String, _ outcome: String) -> JSONValue? {
                log.first { $0["command"]?.stringValue == command && $0["outcome"]?.stringValue == outcome }
            }
            #expect(line("customer.add", "ok")?["uid"]?.int == 4101)
            #expect(line("customer.add", "ok")?["role"]?.stringValue == "front-desk")
            #expect(log.contains { $0["command"]?.stringValue == "endpoint.pause" && $0["outcome"]?.stringValue == "denied" && $0["uid"]?.int == 4101 })
            #expect(log.contains { $0["command"]?.stringValue == "endpoint.pause" && $0["outcome"]?.stringValue == "denied" && $0["role"]?.stringValue == "doctor" })
            #expect(log.contains { $0["command"]?.stringValue == "connect" && $0["outcome"]?.stringValue == "denied" && $0["uid"]?.int == 4199 },
                    "refused at the door, and audited")
            #expect(line("endpoint.pause", "ok")?["role"]?.stringValue == "manager")
            #expect(!log.contains { $0["command"]?.stringValue == "audit.list" && $0["outcome"]?.stringValue == "ok" }, "reads are not mutations")
            let forCustomer = try #require(try daemon.ctlJSON(["audit", "list", "--customer", customer]).array)
            #expect(forCustomer.compactMap { $0["command"]?.stringValue } == ["customer.add"])
        }
    
        @Test("R-OPS-2 the control socket is created 0660 and owned by [control] socket_group; an unknown group is a config error")
        func socketGroup() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let config = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
            let socketLine = "socket = \"\(daemon.socketPath)\""
            try config.replacingOccurrences(of: socketLine, with: socketLine + "\nsocket_group = \"4321\"")
                .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            try daemon.start()
            var info = stat()
            #expect(stat(daemon.socketPath, &info) == 0)
            #expect(info.st_gid == 4321)
            #expect(info.st_mode & 0o777 == 0o660)
            #expect(daemon.stop() == 0)

            try config.replacingOccurrences(of: socketLine, with: socketLine + "\nsocket_group = \"no-such-group-hf\"")
                .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            let check = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", daemon.configPath, "--check-config"])
            #expect(check.status == 78)
            #expect(check.stderr.contains("socket_group 'no-such-group-hf' is not a group on this machine"), "\(check.stderr)")
        }

        @Test("R-OPS-2 a request line trickled a byte at a time is cut off at line_deadline_ms with a clear error, though no gap reaches the idle timeout")
        func lineDeadline() throws {
            let daemon = DaemonHarness(channels: [("sms", "http://127.0.0.1:9/sms")], control: ["line_deadline_ms = 1500", "idle_timeout_ms = 4000"])
            try daemon.start()
            let fd = try UnixSocket.connect(path: daemon.socketPath)
            defer { close(fd) }
            let started = Date()
            var answer = Data()
            // One byte each 200 ms: far inside the idle timeout, but the line never ends.
            let request = Array(#"{"v":1,"id":"slow","method":"status","args":{}}"#.utf8)
            var sent = 0
            while Date().timeIntervalSince(started) < 10 {
                if sent < request.count, UnixSocket.writeAll(fd, Data([request[sent]])) { sent += 1 }
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 200) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(fd, &buffer, buffer.count)
                if count <= 0 { break }
                answer.append(contentsOf: buffer[0..<count])
            }
            let elapsed = Date().timeIntervalSince(started)
            let text = String(decoding: answer, as: UTF8.self)
            #expect(text.contains("malformed_request"), "\(text)")
            #expect(text.contains("not complete within 1.5 s"), "\(text)")
            #expect(elapsed >= 1.4 && elapsed < 4, "closed after \(elapsed) s")
            #expect(sent < request.count, "the deadline passed before the line was complete")
            // The daemon still answers a well-behaved client at once.
            #expect(try daemon.ctl(["status"]).status == 0)
        }

        @Test("R-OPS-2 under abuse: a role-less user and a front desk each holding 200 slow or idle connections cannot lock admin out; the role-less are refused at the door, the front desk at its per-user limit")
        func socketAbuse() throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getuid() == 0 else {
                Issue.record("this test connects as other uids: it needs root and setpriv (util-linux)")
                return
            }
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[roles]\n\"4101\" = \"front-desk\"\nroot = \"admin\"\n")
            try daemon.start()
            chmod(daemon.socketPath, 0o666)
            // The script where the test's uids can read it (a clone may sit in a 0700 directory).
            let scriptDir = TempDirectory("hold")
            chmod(scriptDir.path, 0o755)
            let script = scriptDir.file("hold_connections.py")
            try FileManager.default.copyItem(atPath: TestPaths.script("hold_connections.py"), toPath: script)
            chmod(script, 0o644)
            var holders: [ChildProcess] = []
            defer { for holder in holders { holder.signal(SIGKILL) } }
            for uid in [4199, 4101] {
                holders.append(try ChildProcess("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups",
                                                                    "/usr/bin/env", "python3", script,
                                                                    daemon.socketPath, "200"]))
            }
            var reports: [JSONValue] = []
            #expect(eventually(timeout: 60) {
                reports = holders.compactMap { holder in
                    holder.stdout.split(separator: "\n").first.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
                }
                return reports.count == 2
            }, "\(holders.map(\.stderr))")
            let roleless = try #require(reports.first)
            let frontDesk = try #require(reports.last)
            #expect(roleless["held"]?.int == 0, "\(roleless)")
            #expect(roleless["sample"]?.stringValue?.contains("uid 4199 has no role") == true, "\(roleless)")
            #expect(frontDesk["held"]?.int == 8, "\(frontDesk)")
            #expect(frontDesk["sample"]?.stringValue?.contains("too many control connections for uid 4101") == true, "\(frontDesk)")
            for _ in 0..<3 {
                let started = Date()
                #expect(try daemon.ctl(["status"]).status == 0)
                #expect(Date().timeIntervalSince(started) < 1, "admin answered in \(Date().timeIntervalSince(started)) s")
            }
        }
    }
}
