import Foundation
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct ConfigCheck {
        let huifangd = TestPaths.binary("huifangd")

        @Test("R-OPS-4 the shipped config/huifang.toml passes --check-config")
        func shippedConfigIsValid() throws {
            let config = TestPaths.packageRoot.appendingPathComponent("config/huifang.toml").path
            // Its paths are relative (var/…), as make run uses it; the check reads the key file.
            let dir = TempDirectory("cfg")
            try FileManager.default.createDirectory(atPath: dir.file("var"), withIntermediateDirectories: true)
            let missing = try ChildProcess.run(huifangd, ["--config", config, "--check-config"], directory: dir.path)
            #expect(missing.status == 78)
            #expect(missing.stderr.contains("[security] key_file"), "\(missing.stderr)")
            #expect(missing.stderr.contains("make one with: (umask 077; head -c 32 /dev/urandom | base64 > var/health.key)"), "\(missing.stderr)")
            let key = dir.write("var/health.key", Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
            let result = try ChildProcess.run(huifangd, ["--config", config, "--check-config"], directory: dir.path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("ok"))
        }

        @Test("R-OPS-4 --check-config reads the files the config names as the start does: a missing secret_file, a file where the backup directory should be")
        func namedFiles() throws {
            let dir = TempDirectory("cfg")
            let config = """
                [store]
                path = "\(dir.file("huifang.sqlite"))"

                [backup]
                directory = "\(dir.file("backups"))"

                [channels.sms]
                url = "http://127.0.0.1:9/sms"
                secret_file = "\(dir.file("sms.secret"))"

                """
            let path = dir.write("huifang.toml", config)
            let missing = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(missing.status == 78)
            #expect(missing.stderr.contains("\(path):9:15:") && missing.stderr.contains("secret_file \(dir.file("sms.secret")) cannot be read"),
                    "\(missing.stderr)")
            _ = dir.write("sms.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n")
            _ = dir.write("backups", "not a directory")
            let misplaced = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(misplaced.status == 78)
            #expect(misplaced.stderr.contains("is not a directory"), "\(misplaced.stderr)")
            try FileManager.default.removeItem(atPath: dir.file("backups"))
            let fine = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(fine.status == 0, "\(fine.stderr)")
        }

        @Test("R-OPS-4 a config nested 50,000 deep or not UTF-8 is refused naming the line and column, never a crash")
        func hostileFiles() throws {
            let dir = TempDirectory("cfg")
            let deep = dir.write("deep.toml", "[store]\npath = " + String(repeating: "[", count: 50_000) + "\n")
            let nested = try ChildProcess.run(huifangd, ["--config", deep, "--check-config"])
            #expect(nested.status == 78)
            #expect(nested.stderr.contains("\(deep):2:"), "\(nested.stderr)")
            #expect(nested.stderr.contains("nest deeper than 32 levels"))
            let latin1 = dir.file("latin1.toml")
            try Data("[service]\nname = \"caf".utf8 + [0xE9] + "\"\n".utf8).write(to: URL(fileURLWithPath: latin1))
            let notUTF8 = try ChildProcess.run(huifangd, ["--config", latin1, "--check-config"])
            #expect(notUTF8.status == 78)
            #expect(notUTF8.stderr.contains("\(latin1):2:12: is not valid UTF-8 here"), "\(notUTF8.stderr)")
        }

        @Test("R-OPS-4 a TOML syntax error exits 78 and names file, line and column")
        func syntaxError() throws {
            let dir = TempDirectory("cfg")
            let path = dir.write("bad.toml", "[store]\npath = \"a.sqlite\"\n[control\nsocket = \"x.sock\"\n")
            let result = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(result.status == 78)
            #expect(result.stderr.contains("\(path):3:"), "\(result.stderr)")
        }

        @Test("R-OPS-4 an unknown key exits 78 and names its line and table")
        func unknownKey() throws {
            let dir = TempDirectory("cfg")
            let path = dir.write("bad.toml", """
                [scheduler]
                poll_interval_ms = 100
                poll_intervall_ms = 200

                [channels.sms]
                url = "http://127.0.0.1:9/sms"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                """)
            let result = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(result.status == 78)
            #expect(result.stderr.contains("\(path):3:1: unknown key 'poll_intervall_ms' in [scheduler]"), "\(result.stderr)")
        }

        @Test("R-OPS-4 a value of the wrong type or out of range names its line")
        func badValue() throws {
            let dir = TempDirectory("cfg")
            let path = dir.write("bad.toml", """
                [channels.sms]
                url = "http://127.0.0.1:9/sms"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                timeout_ms = "fast"
                """)
            let result = try ChildProcess.run(huifangd, ["--config", path, "--check-config"])
            #expect(result.status == 78)
            #expect(result.stderr.contains("\(path):4:14: [channels.sms] timeout_ms must be an integer"), "\(result.stderr)")
        }

        @Test("R-OPS-4 starting on a bad config exits 78 and creates nothing")
        func badConfigChangesNothing() throws {
            let dir = TempDirectory("cfg")
            let store = dir.file("store/huifang.sqlite")
            let path = dir.write("bad.toml", """
                [store]
                path = "\(store)"
                [control]
                socket = "\(dir.file("c.sock"))"
                [channels.sms]
                url = "ftp://127.0.0.1/sms"
                secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                """)
            let result = try ChildProcess.run(huifangd, ["--config", path])
            #expect(result.status == 78)
            #expect(result.stderr.contains("\(path):6:7: [channels.sms] url must be an http:// or https:// URL"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: store))
            #expect(!FileManager.default.fileExists(atPath: dir.file("c.sock")))
        }
    }
}
