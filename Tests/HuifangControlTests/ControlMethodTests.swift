import Foundation
@testable import HuifangControl
import HuifangCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ControlMethodTests {
    @Test("R-OPS-4 every command is declared once: names are unique and spelled area.verb")
    func namesUnique() {
        let names = API.all.map { $0.name }
        #expect(Set(names).count == names.count, "a command is declared twice")
        for name in names where !["help", "status", "forecast"].contains(name) {
            #expect(name.wholeMatch(of: /[a-z]+\.[a-z-]+/) != nil, "\(name)")
        }
        #expect(API.all.allSatisfy { !$0.summary.isEmpty })
    }

    @Test("R-OPS-4 usage is generated from the arguments' type: every option, required or not, in wire spelling")
    func usageFromArgs() {
        #expect(API.ArrearsPay.usage == "arrears.pay {customer, amount}")
        #expect(API.Status.usage == "status")
        #expect(API.CustomerList.usage == "customer.list {after_id?, limit?}")
        // These two had drifted when usage was written by hand.
        let schedule = API.MessageSchedule.usage
        for key in ["customer", "channel", "text", "at?", "expires_at?", "kind?", "windowed?", "marketing?"] {
            #expect(schedule.contains(key), "\(schedule) lacks \(key)")
        }
        let visit = API.VisitAdd.usage
        for key in ["course?", "session?", "sessions?", "next_session?"] {
            #expect(visit.contains(key), "\(visit) lacks \(key)")
        }
        #expect(API.CustomerHealthSet.usage.contains("family_history?"), "fields read by a nested decoder count too")
    }

    @Test("R-OPS-4 wire names are snake_case from the key strategy, both ways, and errors name the wire field")
    func snakeCaseWire() throws {
        var args = CustomerAddArgs(name: "王小梅")
        args.wechatId = "wx1"
        args.lunarBirthday = true
        let json = String(decoding: try ControlCoding.encode(args), as: UTF8.self)
        #expect(json.contains(#""wechat_id":"wx1""#) && json.contains(#""lunar_birthday":true"#))
        #expect(try ControlCoding.decode(CustomerAddArgs.self, from: Data(json.utf8)) == args)
        do {
            _ = try ControlCoding.decode(CustomerAddArgs.self, from: Data(#"{"name":"x","wechat_id":3}"#.utf8))
            Issue.record("a number for wechat_id was accepted")
        } catch {
            #expect(error.field == "wechat_id")
        }
        let tags = try ControlCoding.decode(ComplaintFiguresView.self, from: Data(
            #"{"received":1,"by_cause":{"wait_time":1},"by_service":{"Laser":1},"by_staff":{"Dr Li":1}}"#.utf8))
        #expect(tags.byCause == ["wait_time": 1] && tags.byStaff == ["Dr Li": 1], "data keys are left as they are")
    }

    @Test("R-OPS-4 a client refuses the answer of a daemon that speaks another protocol version")
    func clientVersionMismatch() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huifang-v-\(getpid()).sock").path
        let daemon = try OneLineServer(path: path, answer: #"{"v":2,"id":1,"ok":true,"result":{"renamed":true}}"#)
        defer { daemon.stop() }
        let client = try ControlClient(socketPath: path)
        do {
            _ = try client.call(API.Status.self, NoArgs())
            Issue.record("an answer of protocol 2 was accepted")
        } catch {
            #expect(error.code == .versionMismatch)
            #expect(error.message.contains("protocol 2") && error.message.contains("protocol \(ControlProtocol.version)"))
        }
        let request = try #require(daemon.received())
        #expect(request.contains(#""v":\#(ControlProtocol.version)"#) && request.contains(#""cmd":"status""#))
    }
}

/// A Unix socket that answers the first request line with a fixed line.
private final class OneLineServer: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let lock = NSLock()
    private var request: String?
    private let done = DispatchSemaphore(value: 0)

    init(path: String, answer: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = try UnixSocket.address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw HuifangError(.unavailable, "cannot listen on \(path)") }
        let listener = fd
        Thread { [self] in
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { done.signal(); return }
            var reader = LineReader(fd: connection, maxLength: 1 << 16)
            if case .line(let bytes) = reader.next() {
                lock.withLock { request = String(decoding: bytes, as: UTF8.self) }
                _ = UnixSocket.writeAll(connection, Data((answer + "\n").utf8))
            }
            close(connection)
            done.signal()
        }.start()
    }

    func received() -> String? {
        _ = done.wait(timeout: .now() + 10)
        return lock.withLock { request }
    }

    func stop() {
        close(fd)
        unlink(path)
    }
}
