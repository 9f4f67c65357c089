import HuifangCore
import Foundation
import HuifangControl
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LineReaderTests {
    /// Feeds `bytes` through a real pipe and collects what the reader reports.
    private func events(_ bytes: [UInt8], maxLength: Int) -> [LineReader.Event] {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        let writeEnd = fds[1]
        let writer = Thread {
            _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            close(writeEnd)
        }
        writer.start()
        var reader = LineReader(fd: fds[0], maxLength: maxLength)
        var events: [LineReader.Event] = []
        while true {
            let event = reader.next()
            events.append(event)
            if event == .end { break }
        }
        close(fds[0])
        return events
    }

    @Test("R-OPS-4 lines split on newline, CRLF is tolerated, a last line without newline counts")
    func splitsLines() {
        #expect(events(Array("a\r\nb\n\nc".utf8), maxLength: 100) == [
            .line(Array("a".utf8)), .line(Array("b".utf8)), .line([]), .line(Array("c".utf8)), .end,
        ])
    }

    @Test("R-OPS-4 an oversized line is reported once and skipped; the next line still reads")
    func oversizedLine() {
        let long = [UInt8](repeating: 0x41, count: 100_000)
        #expect(events(long + [0x0A] + Array("ok\n".utf8), maxLength: 1024) == [.tooLong, .line(Array("ok".utf8)), .end])
        #expect(events(Array("12345\n".utf8), maxLength: 4) == [.tooLong, .end])
        #expect(events(Array("1234\n".utf8), maxLength: 4) == [.line(Array("1234".utf8)), .end])
    }
}

@Suite struct ControlCodingTests {
    private func decodeError<T: Decodable>(_ type: T.Type, _ json: String) -> HuifangError? {
        let value = try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        do {
            _ = try ControlCoding.decode(T.self, from: value)
            return nil
        } catch {
            return error
        }
    }

    @Test("R-OPS-4 decoding errors name the field that is missing or of the wrong type")
    func namesFields() {
        #expect(decodeError(CustomerAddArgs.self, #"{"phone":"1"}"#)?.field == "name")
        #expect(decodeError(CustomerAddArgs.self, #"{"name":"x","lunar_birthday":"yes"}"#)?.field == "lunar_birthday")
        #expect(decodeError(CustomerAddArgs.self, #"{"name":"x","tags":[1]}"#)?.field == "tags.[0]")
        #expect(decodeError(MessageScheduleArgs.self, #"{"customer":1,"channel":"sms"}"#)?.field == "text")
        #expect(decodeError(MessageScheduleArgs.self, #"{"customer":1.5,"channel":"sms","text":"x"}"#)?.field == "customer")
        #expect(decodeError(IDArgs.self, #"{"id":null}"#)?.field == "id")
        #expect(decodeError(IDArgs.self, #"{"id":1e30}"#)?.field == "id")
        #expect(decodeError(IDArgs.self, #"{"id":-9.5e18}"#)?.field == "id")
        #expect(decodeError(IDArgs.self, #"{"id":7}"#) == nil)
        #expect(decodeError(CustomerAddArgs.self, #"{"name":"x"}"#) == nil)
    }

    @Test("R-DLV-7 instants are written ISO-8601 UTC with milliseconds and read back with any zone")
    func timestamps() throws {
        let date = Date(unixMillis: 1_790_000_000_123)
        #expect(ControlCoding.timestamp(date) == "2026-09-21T14:13:20.123Z")
        #expect(ControlCoding.parseTimestamp("2026-09-21T22:13:20.123+08:00") == date)
        #expect(ControlCoding.parseTimestamp("2026-09-21T14:13:20Z") == Date(unixMillis: 1_790_000_000_000))
        #expect(ControlCoding.parseTimestamp("2026-09-21 14:13:20") == nil, "a zone is required")
        #expect(ControlCoding.parseTimestamp("tomorrow") == nil)
    }

    @Test("R-OPS-4 a response is one line of JSON with the protocol version, ok, id and result or error")
    func responseLine() throws {
        let line = ErrorFrame.failure(id: .number(3), .invalid("phone", "bad")).line()
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A))
        let back = try JSONDecoder().decode(ErrorFrame.self, from: line)
        #expect(back.v == ControlProtocol.version)
        #expect(back.ok == false)
        #expect(back.error == ControlErrorBody(.invalid("phone", "bad")))
        #expect(back.id == .number(3))
    }

    @Test("R-OPS-4 request depth counts brackets outside strings only, escaped quotes included")
    func requestDepth() {
        func deeper(_ text: String, _ limit: Int) -> Bool { ControlLimits.nestsDeeper(Array(text.utf8), than: limit) }
        #expect(!deeper(#"{"id":1,"cmd":"status","args":{"a":[1,2]}}"#, 3))
        #expect(deeper(#"{"id":1,"cmd":"status","args":{"a":[[1]]}}"#, 3))
        #expect(!deeper(#"{"cmd":"x","args":{"text":"[[[[{{{{"}}"#, 2))
        #expect(!deeper(#"{"cmd":"x","args":{"text":"a\"[[[[{{{{"}}"#, 2), "an escaped quote does not end the string")
        #expect(deeper(#"{"text":"a\\"}"# + "[[[[[", 3), "an escaped backslash does")
        #expect(deeper(String(repeating: "[", count: 33) + String(repeating: "]", count: 33), ControlLimits.maxRequestDepth))
        #expect(!deeper(String(repeating: "[", count: 32) + String(repeating: "]", count: 32), ControlLimits.maxRequestDepth))
    }
}
