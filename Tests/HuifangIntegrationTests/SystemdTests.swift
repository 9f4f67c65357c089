import Foundation
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Systemd {
        @Test("R-OPS-1 R-IN-5 Type=notify: READY=1 with STATUS once the socket and the HTTP listener listen, WATCHDOG=1 pings, RELOADING=1/READY=1 on SIGHUP, STOPPING=1 on SIGTERM")
        func notifyProtocol() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            let notify = try NotifySocket(path: daemon.directory.file("notify.sock"))
            try daemon.start(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])

            let ready = try #require(notify.next(matching: "READY=1"))
            #expect(ready.contains("STATUS=running"))
            // The socket and the HTTP listener already answer when READY=1 is sent.
            #expect(try daemon.ctl(["status"]).status == 0)
            let port = try #require(ready.components(separatedBy: "http 127.0.0.1:").last.flatMap { Int($0.prefix { $0.isNumber }) })
            #expect(try LoopbackHTTP.request(port: port, method: "GET", path: "/healthz").0 == 200)
            #expect(notify.next(matching: "WATCHDOG=1") != nil)
            #expect(notify.next(matching: "WATCHDOG=1") != nil, "watchdog pings keep coming")
            #expect(notify.next(matching: "STATUS=running: 0 due now, 0 in flight") != nil, "STATUS= carries the queue depth")

            daemon.child?.signal(SIGHUP)
            #expect(notify.next(matching: "RELOADING=1") != nil)
            #expect(notify.next(matching: "READY=1") != nil)

            daemon.child?.signal(SIGTERM)
            #expect(notify.next(matching: "STOPPING=1") != nil)
            #expect(daemon.child?.wait(timeout: 20) == 0)
        }

        @Test("R-OPS-1 systemd-analyze verify accepts systemd/huifangd.service")
        func unitVerifies() throws {
            let dir = TempDirectory("unit")
            let unit = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("systemd/huifangd.service"), encoding: .utf8)
            #expect(unit.contains("Type=notify"))
            #expect(unit.contains("WatchdogSec="))
            #expect(unit.contains("ExecReload=/bin/kill -HUP $MAINPID"))
            // verify checks that ExecStart exists: point it at the binary just built.
            let local = unit.replacingOccurrences(of: "/usr/local/bin/huifangd", with: TestPaths.binary("huifangd"))
            let path = dir.write("huifangd.service", local)
            let result = try ChildProcess.run("/usr/bin/env", ["systemd-analyze", "verify", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("huifangd.service:"), "\(result.stderr)")
        }

        @Test("R-OPS-1 make install DESTDIR=… installs binaries, unit, sysusers.d, tmpfiles.d, man pages, completions, an example config and the docs; the installed unit verifies")
        func makeInstall() throws {
            let dest = TempDirectory("dest")
            let made = try ChildProcess.run("/usr/bin/env", ["make", "-C", TestPaths.packageRoot.path, "install", "DESTDIR=\(dest.path)",
                                                             "BUILT=\(TestPaths.binDirectory.path)"], timeout: 120)
            #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
            let prefix = dest.path + "/usr/local"
            for file in ["bin/huifangd", "bin/huifangctl", "lib/systemd/system/huifangd.service", "lib/sysusers.d/huifang.conf",
                         "lib/tmpfiles.d/huifang.conf", "share/bash-completion/completions/huifangctl", "share/zsh/site-functions/_huifangctl",
                         "share/fish/vendor_completions.d/huifangctl.fish", "share/doc/huifang/huifang.toml.example",
                         "share/doc/huifang/README.md"] {
                #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file) is installed")
            }
            let unit = try String(contentsOfFile: "\(prefix)/lib/systemd/system/huifangd.service", encoding: .utf8)
            #expect(unit.contains("Documentation=file:///usr/local/share/doc/huifang/README.md"), "it points at the installed docs")
            #expect(unit.contains("RuntimeDirectoryMode=0755"), "members of socket_group reach the socket")
            // verify checks that ExecStart exists: read it where DESTDIR put it.
            let staged = dest.write("huifangd.service", unit.replacingOccurrences(of: "/usr/local/bin/", with: "\(prefix)/bin/"))
            let verified = try ChildProcess.run("/usr/bin/env", ["systemd-analyze", "verify", staged])
            #expect(verified.status == 0, "\(verified.stderr)")
            let users = try ChildProcess.run("/usr/bin/env", ["systemd-sysusers", "--dry-run", "\(prefix)/lib/sysusers.d/huifang.conf"])
            #expect(users.status == 0, "\(users.stderr)")
            let completion = try ChildProcess.run("/bin/bash", ["-n", "\(prefix)/share/bash-completion/completions/huifangctl"])
            #expect(completion.status == 0)
            // Man pages from argument-parser's generate-manual, Chinese examples kept.
            for name in ["huifangd", "huifangctl"] {
                let page = try String(contentsOfFile: "\(prefix)/share/man/man1/\(name).1", encoding: .utf8)
                #expect(page.contains(".Dt \(name.uppercased()) 1"), "\(name).1 is a section 1 page")
            }
            let manual = try String(contentsOfFile: "\(prefix)/share/man/man1/huifangctl.1", encoding: .utf8)
            #expect(manual.contains(#"e.g. \[u738B]\[u5C0F]\[u6885]"#), "王小梅 survives as groff escapes")
            #expect(manual.contains("restore") && manual.contains("77 your"), "every command and the exit codes are in it")
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") {
                let shown = try ChildProcess.run("/usr/bin/groff", ["-Tutf8", "-mandoc", "\(prefix)/share/man/man1/huifangctl.1"])
                #expect(shown.stdout.contains("王小梅"), "\(shown.stdout.prefix(400))")
            }
        }

        @Test("R-OPS-1 hardening: systemd-analyze security rates the unit's exposure 2.0 or lower")
        func unitExposure() throws {
            let unit = TestPaths.packageRoot.appendingPathComponent("systemd/huifangd.service").path
            let result = try ChildProcess.run("/usr/bin/env", ["systemd-analyze", "security", "--offline=true", "--no-pager", unit])
            let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(result.stdout)\(result.stderr)")
            let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
            #expect(score <= 2.0, "\(line)")
        }
    }
}

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestFailure("cannot bind \(path)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram containing `line` as one of its lines; nil after 10 s of silence.
    func next(matching line: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            if text.split(separator: "\n").contains(Substring(line)) { return text }
        }
    }
}
