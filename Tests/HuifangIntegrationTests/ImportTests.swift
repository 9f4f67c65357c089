import Foundation
import HuifangControl
import HuifangStore
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

        @Test("R-OPS-4 customers imported with a birthday tomorrow are greeted: planned once the import's batches stop, once each")
        func importedAreGreeted() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))])
            try daemon.start()
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
            formatter.dateFormat = "MM-dd"
            let monthDay = formatter.string(from: Date().addingTimeInterval(86_400))
            let tomorrow = (monthDay == "02-29" ? "1992-" : "1990-") + monthDay
            var csv = "name,phone,birthday\n"
            for i in 0..<600 { csv += "客户\(i),139\(String(format: "%08d", i)),\(i % 200 == 0 ? tomorrow : "1990-01-01")\n" }
            let files = TempDirectory("csv")
            defer { withExtendedLifetime(files) {} }
            #expect(try daemon.ctlJSON(["import", "customers", files.write("greet.csv", csv)])["imported"]?.int == 600)
            func greetings() throws -> [JSONValue] {
                (try daemon.ctlJSON(["message", "list"]).array ?? []).filter { $0["kind"]?.stringValue == "birthday.greeting" }
            }
            #expect(try eventually(timeout: 30) { try greetings().count == 3 }, "the three with a birthday tomorrow")
            _ = try daemon.ctlJSON(["admin", "plan-now"])
            #expect(try greetings().count == 3, "planned once each")
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
    
        @Test("R-OPS-4 importing visits (history, no follow-up plan) and appointments (booked with reminders) by customer phone or id; bad rows name their line")
        func importVisitsAndAppointments() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))],
                                       extra: FollowUps.protocols)
            try daemon.start()
            let files = TempDirectory("csv")
            defer { withExtendedLifetime(files) {} }
            let people = files.write("c.csv", "姓名,手机\n王芳,13900000001\n李雷,13900000002\n")
            #expect(try daemon.ctlJSON(["import", "customers", people])["imported"]?.int == 2)
            let ids = try #require(try daemon.ctlJSON(["customer", "list"]).array).compactMap { $0["id"]?.int }

            let visits = files.write("v.csv", """
                手机,customer,项目,员工,时间,金额
                13900000001,,laser,李医生,2025-03-01 14:00,1280.00
                ,\(ids[1]),surgery,王主任,2025-06-01T10:00:00+08:00,
                13900000099,,laser,李医生,2025-03-02,
                13900000002,,laser,李医生,2099-01-01,
                13900000002,,laser,李医生,2025-03-02,12.345

                """)
            let refused = try daemon.ctl(["import", "visits", visits])
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("\(visits):4: phone: belongs to no customer"), "\(refused.stderr)")
            #expect(refused.stderr.contains("\(visits):5: at: must not lie in the future"))
            #expect(refused.stderr.contains("\(visits):6: amount:"))
            let imported = try daemon.ctlJSON(["import", "visits", visits, "--skip-invalid"])
            #expect(imported["imported"]?.int == 2)
            let store = try daemon.openStore()
            let first = try store.visits(customerId: Int64(ids[0]), since: .distantPast)
            #expect(first.map(\.amountMinor) == [128_000])
            #expect(first.first?.endedAt == ISO8601DateFormatter().date(from: "2025-03-01T06:00:00Z"), "local time in Asia/Shanghai")
            #expect(try store.visits(customerId: Int64(ids[1]), since: .distantPast).map(\.service) == ["surgery"])
            #expect(try #require(try daemon.ctlJSON(["task", "list"]).array).isEmpty, "history makes no follow-up tasks")
            let again = try daemon.ctlJSON(["import", "visits", visits, "--skip-invalid"])
            #expect(again["imported"]?.int == 0 && again["duplicates"]?.array?.count == 2, "a second run records nothing twice")
            #expect(try store.visits(customerId: Int64(ids[0]), since: .distantPast).count == 1)

            let start = Date().addingTimeInterval(3 * 86_400)
            let appointments = files.write("a.csv", """
                phone,service,staff,start,duration,place
                13900000001,laser,李医生,\(iso(start)),45,静安店
                13900000002,laser,李医生,2020-01-01 10:00,,
                13900000002,laser,李医生,\(iso(start)),abc,

                """)
            let bad = try daemon.ctl(["import", "appointments", appointments])
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("\(appointments):3: start: must lie in the future"), "\(bad.stderr)")
            #expect(bad.stderr.contains("\(appointments):4: duration: must be whole minutes"))
            #expect(try daemon.ctlJSON(["import", "appointments", appointments, "--skip-invalid"])["imported"]?.int == 1)
            let rebooked = try daemon.ctlJSON(["import", "appointments", appointments, "--skip-invalid"])
            #expect(rebooked["imported"]?.int == 0 && rebooked["duplicates"]?.array?.count == 1, "booked once")
            let plan = try #require(try daemon.ctlJSON(["forecast", "--customer", "\(ids[0])", "--days", "4"]).array)
            #expect(plan.contains { $0["kind"]?.stringValue == "appointment.reminder" }, "imported appointments get their reminders")
        }
    }
}
