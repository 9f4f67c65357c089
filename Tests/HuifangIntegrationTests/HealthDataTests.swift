import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct HealthData {
        private func writeKey(_ directory: TempDirectory, _ name: String, fill: UInt8) -> String {
            let path = directory.file(name)
            let bytes = (0..<32).map { UInt8(truncatingIfNeeded: Int(fill) &* 31 &+ $0 &* 13) }
            FileManager.default.createFile(atPath: path, contents: Data(Data(bytes).base64EncodedString().utf8))
            chmod(path, 0o600)
            return path
        }

        /// Every byte the store has on disk: the database, its WAL and shared memory.
        private func storeBytes(_ daemon: DaemonHarness) -> Data {
            ["", "-wal", "-shm"].reduce(into: Data()) { all, suffix in
                all.append(FileManager.default.contents(atPath: daemon.storePath + suffix) ?? Data())
            }
        }

        @Test("R-CUS-2 health data is sealed: never in the store file or the log, read back only with the key, every read audited; rotate-key re-seals it and the old key no longer starts the daemon")
        func sealedHealthData() throws {
            let sink = try WebhookSink()
            let keys = TempDirectory("keys")
            let oldKey = writeKey(keys, "old.key", fill: 1)
            let newKey = writeKey(keys, "new.key", fill: 2)
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))], extra: "[security]\nkey_file = \"\(oldKey)\"\n")
            try daemon.start()
            let id = try #require(try daemon.ctlJSON(["customer", "add", "--name", "陈静", "--phone", "13900001111"])["id"]?.int)
            let allergy = "青霉素过敏 ALLERGY-MARKER-7731"
            let symptoms = "术后红肿 SYMPTOM-MARKER-5512"
            let set = try daemon.ctl(["customer", "health-set", "\(id)", "--allergies", allergy, "--symptoms", symptoms])
            #expect(set.status == 0, "\(set.stderr)")
            let update = try daemon.ctl(["customer", "health-set", "\(id)", "--assessment", "恢复良好"])
            #expect(update.status == 0, "\(update.stderr)")

            let read = try daemon.ctlJSON(["customer", "health", "\(id)"])
            #expect(read["record"]?["allergies"]?.stringValue == allergy)
            #expect(read["record"]?["symptoms"]?.stringValue == symptoms, "a later update keeps the other fields")
            #expect(read["record"]?["assessment"]?.stringValue == "恢复良好")
            let unknown = try daemon.ctl(["customer", "health", "999"])
            #expect(unknown.status == 66 && unknown.stderr.contains("no customer with id 999"))

            let audit = try #require(try daemon.ctlJSON(["audit", "list", "--customer", "\(id)"]).array)
            let commands = audit.compactMap { $0["command"]?.stringValue }
            #expect(commands.filter { $0 == "customer.health-set" }.count == 2)
            #expect(commands.contains("customer.health"), "the read is audited: \(commands)")

            let rotated = try daemon.ctlJSON(["admin", "rotate-key", newKey])
            #expect(rotated["resealed"]?.int == 1)
            #expect(rotated["old_key"]?.stringValue != rotated["new_key"]?.stringValue)
            #expect(try daemon.ctlJSON(["customer", "health", "\(id)"])["record"]?["allergies"]?.stringValue == allergy)
            let again = try daemon.ctl(["admin", "rotate-key", newKey])
            #expect(again.status == 65 && again.stderr.contains("holds the key in force already"))

            #expect(daemon.stop() == 0)
            let onDisk = storeBytes(daemon)
            #expect(onDisk.count > 0)
            for marker in ["ALLERGY-MARKER-7731", "SYMPTOM-MARKER-5512", "青霉素过敏", "恢复良好"] {
                #expect(onDisk.range(of: Data(marker.utf8)) == nil, "\(marker) is in the store file")
                #expect(!daemon.log.contains(marker), "\(marker) is in the log")
            }

            // Still configured with the old key: the daemon refuses to start, naming both keys.
            let refused = try ChildProcess.run(TestPaths.binary("huifangd"), ["--config", daemon.configPath])
            #expect(refused.status == 78)
            #expect(refused.stderr.contains("sealed with key \(rotated["new_key"]?.stringValue ?? "?")"), "\(refused.stderr)")

            daemon.writeConfig(channels: [("sms", sink.url("sms"))], extra: "[security]\nkey_file = \"\(newKey)\"\n")
            try daemon.start()
            #expect(try daemon.ctlJSON(["customer", "health", "\(id)"])["record"]?["symptoms"]?.stringValue == symptoms)
        }

        @Test("R-CUS-2 without [security] key_file health data is refused with how to fix it, and nothing is stored")
        func noKeyConfigured() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let id = try #require(try daemon.ctlJSON(["customer", "add", "--name", "林", "--phone", "13900002222"])["id"]?.int)
            let set = try daemon.ctl(["customer", "health-set", "\(id)", "--allergies", "花粉"])
            #expect(set.status == 78)
            #expect(set.stderr.contains("[security] key_file"), "\(set.stderr)")
            #expect(daemon.stop() == 0)
            #expect(storeBytes(daemon).range(of: Data("花粉".utf8)) == nil)
        }
    }
}
