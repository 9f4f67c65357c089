import Foundation
@testable import HuifangDaemon
import HuifangTestSupport
import Testing

@Suite struct ConfigFuzzTests {
    @Test("R-OPS-4 5,000 mutations of the shipped config, some nesting arrays and inline tables up to 60,000 deep: each parses or is refused with a position inside the text, never a crash")
    func mutatedConfigs() throws {
        let path = TestPaths.packageRoot.appendingPathComponent("config/huifang.toml").path
        let source = Array(try String(contentsOfFile: path, encoding: .utf8).utf8)
        var rng = SeededRandom(seed: 78)
        var refused = 0
        for _ in 0..<5_000 {
            var bytes = source
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = [0x22, 0x27, 0x5B, 0x5D, 0x7B, 0x7D, 0x3D, 0x2C, 0x23, 0x5C, 0x0A, 0x2E, 0x30].randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8.random(in: 0x20...0x7E, using: &rng), at: at)
                case 3 where Int.random(in: 0..<8, using: &rng) == 0:
                    // Deep nesting, closed or not: arrays, inline tables, or both in turn.
                    let depth = [Int.random(in: 1...64, using: &rng), Int.random(in: 1...60_000, using: &rng)].randomElement(using: &rng)!
                    let open: [UInt8] = [[0x5B], Array("{a=".utf8), Array("[{a=".utf8)].randomElement(using: &rng)!
                    let close: [UInt8] = open == [0x5B] ? [0x5D] : open.count == 3 ? [0x7D] : Array("}]".utf8)
                    var deep = Array("\ndeep = ".utf8)
                    for _ in 0..<depth { deep += open }
                    deep += Array("1".utf8)
                    if Bool.random(using: &rng) { for _ in 0..<depth { deep += close } }
                    bytes.insert(contentsOf: deep + [0x0A], at: at)
                default: bytes.replaceSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)), with: [])
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let lineCount = bytes.filter { $0 == 0x0A }.count + 1
            do {
                _ = try HuifangConfig.parse(text, file: "fuzz.toml")
            } catch {
                refused += 1
                if let position = error.position {
                    #expect(position.line >= 1 && position.line <= lineCount + 2, "\(error)")
                    #expect(position.column >= 1, "\(error)")
                }
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 500, "most mutations break something")
    }
}
