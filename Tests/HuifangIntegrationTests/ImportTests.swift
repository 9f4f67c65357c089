import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

extension Integration {
    @Suite struct Import {
        @Test("R-OPS-4 importing customers: an invalid row refuses the whole file naming its line; --dry-run writes nothing; --skip-invalid imports the rest; a second run skips known phones")
        func importCustomers() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let csv = "\u{FEFF}姓名,手机,生日,农历,标签\r\n王芳,13900000001,1990-05-01,是,\"vip;老客\"\r\n李雷,13900000002,,否,\r\n"
                + "韩梅,13900000003,1990-02-30,否,\r\n\"欧阳, 娜娜\",13900000004,1985-12-12,,\r\n"
            let files = TempDirectory("csv")
            defer { withExtendedLifetime(files) {} }
            let path = files.write("customers.csv", csv)

            let refused = try daemon.ctl(["import", "customers", path])
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("\(path):4: birthday: must be a real date written YYYY-MM-DD"), "\(refused.stderr)")
            #expect(refused.stdout.contains("nothing imported"))
            let dryRun = try daemon.ctl(["import", "customers", path, "--dry-run", "--skip-invalid"])
            #expect(dryRun.status == 0 && dryRun.stdout.contains("dry run: nothing written"), "\(dryRun.stdout)")
            #expect(try #require(try daemon.ctlJSON(["customer", "list"]).array).isEmpty)

            let imported = try daemon.ctlJSON(["import", "customers", path, "--skip-invalid"])
            #expect(imported["imported"]?.int == 3)
            #expect(imported["errors"]?.array?.compactMap { $0["line"]?.int } == [4])
            let customers = try #require(try daemon.ctlJSON(["customer", "list"]).array)
            #expect(customers.compactMap { $0["name"]?.stringValue } == ["王芳", "李雷", "欧阳, 娜娜"])
            let first = try daemon.ctlJSON(["customer", "show", "\(customers[0]["id"]?.int ?? 0)"])
            #expect(first["lunar_birthday"] == .bool(true) && first["tags"]?.array?.count == 2)

            let again = try daemon.ctlJSON(["import", "customers", path, "--skip-invalid"])
            #expect(again["imported"]?.int == 0)
            #expect(again["duplicates"]?.array?.compactMap { $0["line"]?.int } == [2, 3, 5])
            let audit = try #require(try daemon.ctlJSON(["audit", "list"]).array)
            #expect(audit.contains { $0["command"]?.stringValue == "import.customers" && $0["outcome"]?.stringValue == "ok" })
        }

        @Test("R-OPS-4 10,000 rows arrive complete and in order through batches under the daemon's line limit")
        func largeImport() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            var csv = "name,phone,email,notes\n"
            for i in 0..<10_000 { csv += "客户\(i),139\(String(format: "%08d", i)),c\(i)@example.com,\"第\(i)号, 备注\"\n" }
            let files = TempDirectory("csv")
            defer { withExtendedLifetime(files) {} }
            let path = files.write("big.csv", csv)
            let result = try daemon.ctlJSON(["import", "customers", path])
            #expect(result["imported"]?.int == 10_000)
            var names: [String] = []
            var after = 0
            while true {
                let page = try #require(try daemon.ctlJSON(["customer", "list", "--after", "\(after)", "--limit", "1000"]).array)
                guard let last = page.last?["id"]?.int else { break }
                names += page.compactMap { $0["name"]?.stringValue }
                after = last
            }
            #expect(names.count == 10_000)
            #expect(names == (0..<10_000).map { "客户\($0)" })
        }
    }
}
