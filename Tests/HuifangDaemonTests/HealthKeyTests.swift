import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct HealthKeyTests {
    let directory = TempDirectory("key")
    let bytes: [UInt8] = (0..<32).map { UInt8($0 * 7 % 256) }

    private func keyFile(_ name: String, _ data: Data, mode: mode_t = 0o600) -> String {
        let path = directory.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: data)
        chmod(path, mode)
        return path
    }

    @Test("R-CUS-2 a key file holds 32 bytes raw, as base64 or as hex; the same key has the same id in each form")
    func keyFileForms() throws {
        let raw = try HealthKey.load(path: keyFile("raw", Data(bytes)))
        let base64 = try HealthKey.load(path: keyFile("b64", Data((Data(bytes).base64EncodedString() + "\n").utf8)))
        let hex = try HealthKey.load(path: keyFile("hex", Data(bytes.map { String(format: "%02x", $0) }.joined().utf8)))
        #expect(raw.id == base64.id && raw.id == hex.id)
        #expect(raw.id.count == 16)
        #expect(raw.id != HealthKey(bytes: [UInt8](repeating: 1, count: 32)).id)
    }

    @Test("R-CUS-2 a bad key file is refused with what is wrong: missing, wrong length, readable by others")
    func badKeyFiles() {
        #expect(throws: HuifangError.self) { try HealthKey.load(path: directory.file("absent")) }
        do {
            _ = try HealthKey.load(path: keyFile("short", Data("c2hvcnQ=".utf8)))
            Issue.record("a short key was accepted")
        } catch {
            #expect(error.message.contains("must hold 32 bytes"))
            #expect(error.field == "key_file")
        }
        do {
            _ = try HealthKey.load(path: keyFile("open", Data(bytes), mode: 0o644))
            Issue.record("a world-readable key was accepted")
        } catch {
            #expect(error.message.contains("readable by other users"))
        }
    }

    @Test("R-CUS-2 sealing hides the plaintext; a record opens only with its key and for its customer; tampering is caught")
    func sealAndOpen() throws {
        let key = HealthKey(bytes: bytes)
        let record = HealthRecord(symptoms: "头痛 headache-marker", allergies: "青霉素", assessment: "ok")
        let sealed = try key.seal(record, customerId: 42, at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(sealed.keyId == key.id)
        #expect(sealed.box.range(of: Data("headache-marker".utf8)) == nil)
        #expect(sealed.box.range(of: Data("青霉素".utf8)) == nil)
        #expect(try key.open(sealed) == record)
        let again = try key.seal(record, customerId: 42, at: Date())
        #expect(again.box != sealed.box, "a fresh nonce each time")

        var moved = sealed
        moved.customerId = 43
        #expect(throws: HuifangError.self) { try key.open(moved) }
        var tampered = sealed
        tampered.box[tampered.box.count / 2] ^= 0x01
        #expect(throws: HuifangError.self) { try key.open(tampered) }
        let other = HealthKey(bytes: [UInt8](repeating: 9, count: 32))
        var relabelled = sealed
        relabelled.keyId = other.id
        #expect(throws: HuifangError.self) { try other.open(relabelled) }
    }

    @Test("R-CUS-2 merging an update keeps the fields it does not give")
    func merge() {
        let stored = HealthRecord(symptoms: "a", history: "b", allergies: "c")
        let merged = stored.merged(with: HealthRecord(history: "B", familyHistory: "D"))
        #expect(merged == HealthRecord(symptoms: "a", history: "B", allergies: "c", familyHistory: "D"))
    }
}
