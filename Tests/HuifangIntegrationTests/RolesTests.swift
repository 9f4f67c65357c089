import Foundation
import HuifangControl
import HuifangTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Integration {
    @Suite struct Roles {
        /// huifangctl run as other uids (setpriv) against a started daemon: its socket opened to
        /// them (roles decide the rest), from a copy of the binary they can execute.
        private struct OtherUsers {
            let daemon: DaemonHarness
            let binDir = TempDirectory("bin")
            var ctlPath: String { binDir.file("huifangctl") }

            /// nil (with the reason recorded) where commands cannot run as other uids.
            init?(_ daemon: DaemonHarness) throws {
                guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getuid() == 0 else {
                    Issue.record("this test runs commands as other uids: it needs root and setpriv (util-linux)")
                    return nil
                }
                self.daemon = daemon
                chmod(daemon.socketPath, 0o666)
                chmod(binDir.path, 0o755)
                try FileManager.default.copyItem(atPath: TestPaths.binary("huifangctl"), toPath: binDir.file("huifangctl"))
            }

            func ctl(as uid: Int, _ args: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
                try ChildProcess.run("/usr/bin/setpriv", ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", ctlPath,
                                                          "--socket", daemon.socketPath] + args, stdin: stdin)
            }
        }

        /// A chain of two branches, 浦东 and 徐汇 (and `more`), with a customer each, added by
        /// root; uid 4201 is 浦东's front desk and 4203 its manager, root the chain's admin.
        /// Customers' messages go to the sink's /sms, staff notices to its /staff-task.
        private struct TwoBranches {
            let daemon: DaemonHarness
            let users: OtherUsers
            let east: String
            let west: String

            init?(_ sink: WebhookSink, more: String = "") throws {
                daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: TwoBranchesConfig.toml() + """
                    \(more)

                    [roles]
                    "4201" = { role = "front-desk", branch = "pudong" }
                    "4203" = { role = "manager", branch = "pudong" }
                    root = "admin"
                    """)
                try daemon.start()
                guard let users = try OtherUsers(daemon) else { return nil }
                self.users = users
                east = try daemon.ctl(["customer", "add", "--name", "浦东客人", "--phone", "13800000001", "--branch", "pudong"]).stdout.trimmed
                west = try daemon.ctl(["customer", "add", "--name", "徐汇客人", "--phone", "13800000002", "--branch", "xuhui"]).stdout.trimmed
            }
        }

        @Test("R-OPS-2 roles from [roles] by uid: front desk may add customers, not pause endpoints; unknown uids are refused; every change and refusal is audited")
        func roleMatrix() throws {
            let sink = try WebhookSink()
            let daemon = DaemonHarness(channels: [("sms", sink.url("sms"))],
                                       extra: "[roles]\n\"4101\" = \"front-desk\"\n\"4102\" = \"manager\"\nroot = \"admin\"\n")
            try daemon.start()
            guard let users = try OtherUsers(daemon) else { return }

            let added = try users.ctl(as: 4101, ["customer", "add", "--name", "前台新客", "--phone", "13800000000"])
            #expect(added.status == 0, "\(added.stderr)")
            let customer = added.stdout.trimmed
            let refused = try users.ctl(as: 4101, ["endpoint", "pause", "sms"])
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("permission_denied"))
            #expect(refused.stderr.contains("front-desk role may not run endpoint.pause"))
            let stranger = try users.ctl(as: 4199, ["status"])
            #expect(stranger.status == 77)
            #expect(stranger.stderr.contains("uid 4199 has no role in [roles]"))
            // R-PPL-3: a member of staff with a uid has their staff role on the socket.
            #expect(try daemon.ctl(["staff", "add", "--name", "孙医生", "--role", "doctor", "--uid", "4103"]).status == 0)
            let doctor = try users.ctl(as: 4103, ["task", "list", "--mine"])
            #expect(doctor.status == 0, "\(doctor.stderr)")
            let notManager = try users.ctl(as: 4103, ["endpoint", "pause", "sms"])
            #expect(notManager.stderr.contains("the doctor role may not run endpoint.pause"), "\(notManager.stderr)")
            #expect(try daemon.ctl(["staff", "edit", "孙医生", "--active", "false"]).status == 0)
            let left = try users.ctl(as: 4103, ["task", "list"])
            #expect(left.status == 77 && left.stderr.contains("no active member of staff"), "\(left.stderr)")
            let manager = try users.ctl(as: 4102, ["endpoint", "pause", "sms"])
            #expect(manager.status == 0, "\(manager.stderr)")
            let readAudit = try users.ctl(as: 4101, ["audit", "list"])
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
            // For people, the table names who acted (a member of staff by their uid, a local user by
            // name, an unknown uid as such) and the customer.
            let table = try daemon.ctl(["audit", "list"]).stdout
            #expect(table.contains("孙医生") && table.contains("root") && table.contains("uid 4101") && table.contains("前台新客"), "\(table)")
        }
    
        @Test("R-OPS-5 R-OPS-2 a role limited to a branch sees and touches that branch's customers only; new customers join it; a member of staff with a branch is limited the same way")
        func branchScopedRoles() throws {
            let sink = try WebhookSink()
            guard let chain = try TwoBranches(sink, more: """
                [[branches]]
                id = "berlin"
                name = "Huifang Berlin"
                time_zone = "Europe/Berlin"
                """) else { return }
            let (daemon, users, east, west) = (chain.daemon, chain.users, chain.east, chain.west)
            func pudong(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) { try users.ctl(as: 4201, args) }

            // As root (the whole chain): one customer in each branch.
            #expect(try daemon.ctlJSON(["customer", "show", west])["branch"]?.stringValue == "xuhui")
            let unknown = try daemon.ctl(["customer", "add", "--name", "无名", "--phone", "13800000009", "--branch", "jingan"])
            #expect(unknown.status != 0 && unknown.stderr.contains("'jingan' is not a branch (known: pudong, xuhui, berlin)"), "\(unknown.stderr)")
            let abroad = try daemon.ctl(["customer", "add", "--name", "Anna Smith", "--phone", "+4915112345678", "--branch", "berlin"]).stdout.trimmed
            #expect(try daemon.ctlJSON(["customer", "show", abroad])["tz"]?.stringValue == "Europe/Berlin", "the branch's zone")

            // Limited to 浦东: its own customer, yes; 徐汇's, refused with the reason, and nothing changed.
            #expect(try pudong(["customer", "show", east]).status == 0)
            let refused = try pudong(["customer", "show", west])
            #expect(refused.status == 77 && refused.stderr.contains("permission_denied"), "\(refused.stderr)")
            #expect(refused.stderr.contains("customer \(west) belongs to 回访口腔（徐汇店） (xuhui); your role is limited to 回访口腔（浦东店） (pudong)"),
                    "\(refused.stderr)")
            let visit = try pudong(["visit", "add", "--customer", west, "--service", "洁牙", "--staff", "李医生"])
            #expect(visit.status == 77, "\(visit.stderr)")
            let edit = try pudong(["customer", "edit", west, "--name", "改名"])
            #expect(edit.status == 77, "\(edit.stderr)")
            #expect(try daemon.ctlJSON(["customer", "show", west])["name"]?.stringValue == "徐汇客人")
            #expect(try pudong(["visit", "add", "--customer", east, "--service", "洁牙", "--staff", "李医生"]).status == 0)
            let atOther = try pudong(["visit", "add", "--customer", east, "--service", "洁牙", "--staff", "李医生", "--branch", "xuhui"])
            #expect(atOther.status == 77, "a visit is recorded at the caller's own branch: \(atOther.stderr)")
            let listed = try pudong(["--json", "customer", "list"])
            #expect(listed.stdout.contains("浦东客人") && !listed.stdout.contains("徐汇客人"), "\(listed.stdout)")
            let found = try pudong(["--json", "customer", "find", "客人"])
            #expect(found.stdout.contains("浦东客人") && !found.stdout.contains("徐汇客人"), "\(found.stdout)")
            // A new customer joins the caller's branch; another branch is not theirs to fill.
            let added = try pudong(["customer", "add", "--name", "新客", "--phone", "13800000003"])
            #expect(added.status == 0)
            #expect(try daemon.ctlJSON(["customer", "show", added.stdout.trimmed])["branch"]?.stringValue == "pudong")
            // 徐汇's customer walks into 浦东: one record per person, and the refusal says whose they are.
            let known = try pudong(["customer", "add", "--name", "徐汇客人", "--phone", "13800000002"])
            #expect(known.status != 0 && known.stderr.contains("already customer \(west) 徐汇客人 of 回访口腔（徐汇店） (xuhui)")
                    && known.stderr.contains("customer edit \(west) --branch pudong"), "\(known.stderr)")
            let elsewhere = try pudong(["customer", "add", "--name", "别店新客", "--phone", "13800000004", "--branch", "xuhui"])
            #expect(elsewhere.status == 77, "\(elsewhere.stderr)")
            let moved = try pudong(["customer", "edit", east, "--branch", "xuhui"])
            #expect(moved.status == 77, "\(moved.stderr)")

            // The branch's name is the clinic's in its customers' texts, and the default place.
            // Both bookings fall on one clinic day, whatever the hour the test runs: 10:00 in
            // Shanghai three days on (an hour added at 23:00 would cross into the next day).
            var shanghai = Calendar(identifier: .gregorian)
            shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let start = try #require(shanghai.date(bySettingHour: 10, minute: 0, second: 0,
                                                   of: Date().addingTimeInterval(3 * 86_400)))
            let booked = try daemon.ctlJSON(["appointment", "add", "--customer", east, "--service", "洁牙", "--staff", "李医生",
                                             "--start", iso(start)])
            #expect(booked["place"]?.stringValue == "回访口腔（浦东店）", "\(booked)")
            let pending = try #require(try daemon.ctlJSON(["message", "list", "--status", "pending"]).array)
            let reminder = pending.first { $0["kind"]?.stringValue == "appointment.reminder" }
            #expect(reminder?["text"]?.stringValue?.contains("回访口腔（浦东店）提醒您") == true, "\(pending)")

            // Lists show the caller's branch only: tasks, the appointment book, complaints.
            #expect(try daemon.ctl(["appointment", "add", "--customer", west, "--service", "洁牙", "--staff", "王医生",
                                    "--start", iso(start.addingTimeInterval(3600))]).status == 0)
            #expect(try daemon.ctl(["complaint", "open", "--customer", west, "--channel", "phone", "--content", "等候太久"]).status == 0)
            #expect(try daemon.ctl(["visit", "add", "--customer", west, "--service", "洁牙", "--staff", "王医生"]).status == 0)
            let day = { () -> String in
                let f = DateFormatter()
                f.timeZone = TimeZone(identifier: "Asia/Shanghai")
                f.dateFormat = "yyyy-MM-dd"
                return f.string(from: start)
            }()
            let book = try pudong(["--json", "appointment", "list", "--date", day])
            #expect(book.status == 0 && book.stdout.contains("李医生") && !book.stdout.contains("王医生"), "\(book)")
            let chainBook = try daemon.ctl(["--json", "appointment", "list", "--date", day]).stdout
            #expect(chainBook.contains("李医生") && chainBook.contains("王医生"))
            let chainTable = try daemon.ctl(["appointment", "list", "--date", day]).stdout
            #expect(chainTable.contains("PLACE") && chainTable.contains("回访口腔（徐汇店）"), "where each is: \(chainTable)")
            #expect(!(try pudong(["appointment", "list", "--date", day]).stdout.contains("PLACE")), "one place: no column")
            func customers(_ output: String) throws -> Set<Int> {
                Set(try JSONDecoder().decode(JSONValue.self, from: Data(output.utf8)).array?.compactMap { $0["customer"]?.int } ?? [])
            }
            #expect(try customers(pudong(["--json", "task", "list"]).stdout) == [Int(east)!], "east's follow-ups only")
            #expect(try customers(daemon.ctl(["--json", "task", "list"]).stdout).contains(Int(west)!))
            #expect(try customers(users.ctl(as: 4203, ["--json", "complaint", "list"]).stdout).isEmpty, "the complaint is 徐汇's")
            #expect(try customers(daemon.ctl(["--json", "complaint", "list"]).stdout) == [Int(west)!])

            // Reports: one branch's, or the chain's; a limited role gets its own branch's only.
            #expect(try daemon.ctlJSON(["report", "daily", "--branch", "xuhui"])["branch"]?.stringValue == "xuhui")
            #expect(try daemon.ctlJSON(["report", "daily"])["branch"] == nil, "the whole chain")
            let manager = { (args: [String]) in try users.ctl(as: 4203, args) }
            let theirs = try manager(["report", "daily", "--branch", "xuhui"])
            #expect(theirs.status == 77 && theirs.stderr.contains("your role is limited to 回访口腔（浦东店）"), "\(theirs.stderr)")
            let own = try manager(["--json", "report", "daily"])
            #expect(own.status == 0 && own.stdout.contains(#""branch":"pudong""#), "\(own)")
            // The forecast and the plans hold the caller's branch's customers only; a branch's
            // weekly plan counts its own (the complaint, and its escalation, are 徐汇's).
            let chainForecast = try daemon.ctl(["--json", "forecast"]).stdout
            #expect(chainForecast.contains("浦东客人") && chainForecast.contains("徐汇客人"), "\(chainForecast)")
            let ownForecast = try pudong(["--json", "forecast"])
            #expect(ownForecast.status == 0 && ownForecast.stdout.contains("浦东客人") && !ownForecast.stdout.contains("徐汇客人"),
                    "\(ownForecast.stdout)")
            func plan(_ output: String) throws -> [String: Int] {
                let report = try JSONDecoder().decode(JSONValue.self, from: Data(output.utf8))
                guard case .object(let counts)? = report["next_month_plan"] else { return [:] }
                return counts.compactMapValues(\.int)
            }
            let chainPlan = try plan(daemon.ctl(["--json", "report", "weekly"]).stdout)
            let westPlan = try plan(daemon.ctl(["--json", "report", "weekly", "--branch", "xuhui"]).stdout)
            let eastPlan = try plan(manager(["--json", "report", "weekly"]).stdout)
            #expect((chainPlan["complaint.escalated"] ?? 0) >= 1 && westPlan["complaint.escalated"] == chainPlan["complaint.escalated"],
                    "\(chainPlan) \(westPlan)")
            #expect(eastPlan["complaint.escalated"] == nil && (eastPlan["appointment.reminder"] ?? 0) >= 1, "\(eastPlan)")
            let (chainTotal, eastTotal, westTotal) = (chainPlan.values.reduce(0, +), eastPlan.values.reduce(0, +), westPlan.values.reduce(0, +))
            // Messages too: the list, one message, its story and a retry; a chain-wide replay is refused.
            let mine = try manager(["--json", "message", "list"])
            #expect(mine.status == 0 && mine.stdout.contains("浦东客人") && !mine.stdout.contains("徐汇客人"), "\(mine.stdout)")
            let all = try #require(try daemon.ctlJSON(["message", "list"]).array)
            let westMessage = try #require(all.first { $0["customer"]?.int == Int(west) }?["id"]?.stringValue)
            let eastMessage = try #require(all.first { $0["customer"]?.int == Int(east) }?["id"]?.stringValue)
            #expect(try manager(["message", "show", eastMessage]).status == 0)
            for command in [["message", "show", westMessage], ["message", "why", westMessage], ["message", "retry", westMessage]] {
                let refusal = try manager(command)
                #expect(refusal.status == 77 && refusal.stderr.contains("your role is limited to 回访口腔（浦东店）"), "\(command): \(refusal.stderr)")
            }
            let replay = try manager(["message", "replay", "--status", "dead"])
            #expect(replay.status == 77 && replay.stderr.contains("replay re-queues the whole chain's messages"), "\(replay.stderr)")
            #expect(chainTotal == eastTotal + westTotal,
                    "the chain's plan is its branches' (every customer here has one): \(chainPlan) \(eastPlan) \(westPlan)")

            // A member of staff at 徐汇 is limited to 徐汇 by their record.
            #expect(try daemon.ctl(["staff", "add", "--name", "徐汇前台", "--role", "front-desk", "--uid", "4202", "--branch", "xuhui"]).status == 0)
            #expect(try users.ctl(as: 4202, ["customer", "show", west]).status == 0)
            #expect(try users.ctl(as: 4202, ["customer", "show", east]).status == 77)
            let log = try #require(try daemon.ctlJSON(["audit", "list"]).array)
            #expect(log.contains { $0["command"]?.stringValue == "visit.add" && $0["outcome"]?.stringValue == "denied" && $0["uid"]?.int == 4201 },
                    "refusals outside the branch are audited")
            #expect(log.contains { $0["command"]?.stringValue == "customer.show" && $0["outcome"]?.stringValue == "denied" && $0["uid"]?.int == 4202 },
                    "a refused read too")
            // The limited manager's audit log: what was done to 浦东's customers, and what they did.
            let pudongCustomers = Set([Int(east), Int(added.stdout.trimmed)].compactMap { $0 })
            let branchLog = try JSONDecoder().decode(JSONValue.self, from: Data(manager(["--json", "audit", "list"]).stdout.utf8)).array ?? []
            #expect(branchLog.contains { $0["customer"]?.int == Int(east) && $0["command"]?.stringValue == "visit.add" }, "\(branchLog)")
            #expect(branchLog.contains { $0["command"]?.stringValue == "message.replay" && $0["outcome"]?.stringValue == "denied" },
                    "their own refused replay, about no customer: \(branchLog)")
            #expect(branchLog.allSatisfy { $0["customer"]?.int.map(pudongCustomers.contains) == true || $0["uid"]?.int == 4203 },
                    "no other branch's customer, no chain operation but their own: \(branchLog)")
            #expect(!branchLog.contains { $0["uid"]?.int == 4202 || $0["uid"]?.int == 0 && $0["customer"] == nil }, "\(branchLog)")
            #expect(log.contains { $0["customer"]?.int == Int(west) }, "the chain's log has 徐汇's")
            #expect(daemon.stop() == 0)
        }

        @Test("R-OPS-5 R-BIZ-3 a branch's campaign goes to its customers only; a role limited to a branch makes its own branch's, sees its own and the chain's (counted for its customers), and is refused another's")
        func branchCampaigns() throws {
            let sink = try WebhookSink()
            guard let chain = try TwoBranches(sink) else { return }
            let (daemon, users, east, west) = (chain.daemon, chain.users, chain.east, chain.west)
            let manager = { (args: [String]) in try users.ctl(as: 4203, args) }
            func campaign(_ output: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(output.utf8)) }

            // The 浦东 manager's "all" is 浦东's customers; another branch is not theirs to reach.
            let own = try manager(["--json", "campaign", "create", "--name", "浦东店庆", "--audience", "all", "--channel", "sms",
                                   "--text", "{salutation}您好，浦东店三周年店庆，到店有礼。", "--at", "明天 10:00"])
            #expect(own.status == 0, "\(own.stderr)")
            let ownView = try campaign(own.stdout)
            #expect(ownView["recipients"]?.int == 1 && ownView["branch"]?.stringValue == "pudong", "\(ownView)")
            let queued = try #require(try daemon.ctlJSON(["message", "list"]).array).filter { $0["kind"]?.stringValue == "campaign.message" }
            #expect(queued.compactMap { $0["customer"]?.int } == [Int(east)!], "\(queued)")
            let reach = try manager(["campaign", "create", "--name", "徐汇店庆", "--audience", "all", "--channel", "sms",
                                     "--text", "徐汇店庆", "--branch", "xuhui"])
            #expect(reach.status == 77 && reach.stderr.contains("your role is limited to 回访口腔（浦东店） (pudong)"), "\(reach.stderr)")

            // The chain's campaign reaches both; one for 徐汇 alone, 徐汇's only.
            let chainWide = try daemon.ctlJSON(["campaign", "create", "--name", "周年庆", "--audience", "all", "--channel", "sms",
                                            "--text", "周年庆", "--at", "明天 10:00", "--rsvp"])
            #expect(chainWide["recipients"]?.int == 2 && chainWide["branch"] == nil, "\(chainWide)")
            let xuhui = try daemon.ctlJSON(["campaign", "create", "--name", "徐汇义诊", "--audience", "all", "--channel", "sms",
                                            "--text", "徐汇义诊", "--at", "明天 10:00", "--branch", "xuhui"])
            #expect(xuhui["recipients"]?.int == 1 && xuhui["branch"]?.stringValue == "xuhui", "\(xuhui)")
            let (chainId, xuhuiId) = (try #require(chainWide["id"]?.int), try #require(xuhui["id"]?.int))

            // What the 浦东 manager sees: their own and the chain's, the chain's counted for 浦东.
            let listed = try #require(try campaign(manager(["--json", "campaign", "list"]).stdout).array)
            #expect(listed.compactMap { $0["name"]?.stringValue } == ["周年庆", "浦东店庆"], "\(listed)")
            #expect(listed.first?["recipients"]?.int == 1 && listed.first?["counted_for"]?.stringValue == "pudong", "\(listed)")
            let table = try manager(["campaign", "list"]).stdout
            #expect(table.contains("BRANCH") && table.contains("counted for branch pudong's customers"), "\(table)")
            #expect(try daemon.ctlJSON(["campaign", "show", "\(chainId)"])["recipients"]?.int == 2, "the chain's own count")
            let other = try manager(["campaign", "show", "\(xuhuiId)"])
            #expect(other.status == 77 && other.stderr.contains("campaign \(xuhuiId) is 回访口腔（徐汇店） (xuhui)'s"), "\(other.stderr)")
            // RSVPs: the front desk records its own customer's to the chain's event, not to 徐汇's.
            #expect(try users.ctl(as: 4201, ["campaign", "rsvp", "\(chainId)", "--customer", east, "--yes"]).status == 0)
            #expect(try users.ctl(as: 4201, ["campaign", "rsvp", "\(chainId)", "--customer", west, "--yes"]).status == 77)
            #expect(try daemon.ctl(["campaign", "rsvp", "\(chainId)", "--customer", west, "--no"]).status == 0)
            let counted = try campaign(manager(["--json", "campaign", "show", "\(chainId)"]).stdout)
            #expect(counted["rsvp_yes"]?.int == 1 && counted["rsvp_no"]?.int == 0, "徐汇's no is 徐汇's: \(counted)")
            #expect(try daemon.ctlJSON(["campaign", "show", "\(chainId)"])["rsvp_no"]?.int == 1)
            #expect(try daemon.ctlJSON(["campaign", "list"]).array?.count == 3)
            #expect(daemon.stop() == 0)
        }

        @Test("R-OPS-5 R-PPL-3 R-FU-8 a role limited to a branch: its staff list is its branch's and the chain's; another branch's tasks are not its to close, move or reassign; another branch's staff not its to edit; a task, by hand or planned, goes to staff who can see it")
        func branchStaffAndTasks() throws {
            let sink = try WebhookSink()
            guard let chain = try TwoBranches(sink, more: FollowUps.twoHourCall) else { return }
            let (daemon, users, east, west) = (chain.daemon, chain.users, chain.east, chain.west)
            let (desk, manager) = ({ (args: [String]) in try users.ctl(as: 4201, args) }, { (args: [String]) in try users.ctl(as: 4203, args) })
            for (name, branch) in [("李医生", ["--branch", "pudong"]), ("王医生", ["--branch", "xuhui"]), ("总部客服", [])] {
                let role = name == "总部客服" ? "customer-service" : "doctor"
                #expect(try daemon.ctl(["staff", "add", "--name", name, "--role", role] + branch).status == 0)
            }

            // The staff list: 浦东's and the chain's; the whole chain's for root.
            let listed = try desk(["--json", "staff", "list"])
            #expect(listed.status == 0 && listed.stdout.contains("李医生") && listed.stdout.contains("总部客服") && !listed.stdout.contains("王医生"),
                    "\(listed)")
            #expect(try daemon.ctl(["--json", "staff", "list"]).stdout.contains("王医生"))
            let table = try desk(["staff", "list"]).stdout
            #expect(table.contains("BRANCH") && table.contains("pudong") && !table.contains("xuhui"), "where each works: \(table)")

            // A task goes to someone who can see it: not 徐汇's doctor for 浦东's customer.
            let tomorrow = ["--at", "明天 10:00", "--note", "复查"]
            let wrongDoctor = try daemon.ctl(["task", "add", "--customer", east, "--staff", "王医生"] + tomorrow)
            #expect(wrongDoctor.status == 65 && wrongDoctor.stderr.contains("王医生 works for 回访口腔（徐汇店） (xuhui) and would not see a task of 回访口腔（浦东店） (pudong)"),
                    "\(wrongDoctor.stderr)")
            let westTask = try #require(try daemon.ctlJSON(["task", "add", "--customer", west, "--staff", "王医生"] + tomorrow)["id"]?.int)
            let eastTask = try #require(try desk(["--json", "task", "add", "--customer", east, "--staff", "总部客服"] + tomorrow).stdout
                .data(using: .utf8).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }?["id"]?.int)

            let chainTasks = try daemon.ctl(["task", "list"]).stdout
            #expect(chainTasks.contains("BRANCH") && chainTasks.contains("xuhui") && chainTasks.contains("pudong"), "\(chainTasks)")
            #expect(!(try desk(["task", "list"]).stdout.contains("BRANCH")), "one branch's list: no column")

            // 徐汇's task: not 浦东's front desk's to close, move or give away; its own, yes.
            for command in [["task", "done", "\(westTask)"], ["task", "move", "\(westTask)", "--at", "后天 10:00"],
                            ["task", "assign", "\(westTask)", "--staff", "李医生"]] {
                let refused = try desk(command)
                #expect(refused.status == 77 && refused.stderr.contains("task \(westTask) belongs to 回访口腔（徐汇店） (xuhui)"), "\(command): \(refused.stderr)")
            }
            let untouched = try #require(try daemon.ctlJSON(["task", "list"]).array?.first { $0["id"]?.int == westTask })
            #expect(untouched["status"]?.stringValue == "open" && untouched["assignee"]?.stringValue == "王医生", "\(untouched)")
            #expect(try desk(["task", "assign", "\(eastTask)", "--staff", "李医生"]).status == 0)
            #expect(try desk(["task", "done", "\(eastTask)", "--note", "已复查"]).status == 0)

            // Another branch's staff, or the chain's, are not the 浦东 manager's to change.
            for name in ["王医生", "总部客服"] {
                let edit = try manager(["staff", "edit", name, "--active", "false"])
                #expect(edit.status == 77 && edit.stderr.contains("\(name) works for"), "\(edit.stderr)")
                let password = try users.ctl(as: 4203, ["staff", "passwd", name], stdin: Data("guessable-1\n".utf8))
                #expect(password.status == 77, "\(password.stderr)")
            }
            #expect(try manager(["staff", "edit", "李医生", "--add-role", "consultant"]).status == 0)
            let staff = try #require(try daemon.ctlJSON(["staff", "list"]).array)
            #expect(staff.first { $0["name"]?.stringValue == "王医生" }?["active"] == .bool(true), "\(staff)")
            // A visit's follow-ups go to its branch's staff or the chain's, never to another branch's,
            // however few tasks they hold (徐汇客服 has none; 徐 sorts first on a tie).
            #expect(try daemon.ctl(["staff", "add", "--name", "徐汇客服", "--role", "customer-service", "--branch", "xuhui"]).status == 0)
            let visit = try daemon.ctlJSON(["visit", "add", "--customer", east, "--service", "laser", "--staff", "李医生"])
            let followUps = try #require(visit["tasks"]?.array, "\(visit)")
            #expect(!followUps.isEmpty && followUps.allSatisfy { $0["assignee"]?.stringValue != "徐汇客服" }, "\(followUps)")
            #expect(followUps.contains { $0["assignee"]?.stringValue == "总部客服" }, "\(followUps)")
            #expect(daemon.stop() == 0)
        }

        @Test("R-OPS-5 R-PPL-4 R-CUS-5 a role limited to a branch reads another branch's complaint, appointment, contacts, arrears and points ledger not at all, nor edits its pets, opts its customers out, merges or erases them; an appointment booked at its branch is its to show and confirm, whoever's customer")
        func branchReads() throws {
            let sink = try WebhookSink()
            guard let chain = try TwoBranches(sink) else { return }
            let (daemon, users, east, west) = (chain.daemon, chain.users, chain.east, chain.west)
            let desk = { (args: [String]) in try users.ctl(as: 4201, args) }
            let complaint = try #require(try daemon.ctlJSON(["complaint", "open", "--customer", west, "--channel", "phone",
                                                             "--content", "等候太久"])["id"]?.int)
            let pet = try #require(try daemon.ctlJSON(["pet", "add", "--customer", west, "--name", "豆豆", "--species", "dog"])["id"]?.int)
            let booking = ["--service", "洁牙", "--staff", "王医生", "--start", "后天 10:00"]
            let atXuhui = try #require(try daemon.ctlJSON(["appointment", "add", "--customer", west] + booking)["id"]?.int)
            // 浦东's customer booked at 徐汇: in 徐汇's book.
            let visiting = try #require(try daemon.ctlJSON(["appointment", "add", "--customer", east, "--branch", "xuhui", "--service", "洁牙",
                                                            "--staff", "王医生", "--start", "后天 11:00"])["id"]?.int)
            #expect(try daemon.ctl(["staff", "add", "--name", "王医生", "--role", "doctor", "--branch", "xuhui"]).status == 0)
            #expect(try daemon.ctl(["contact", "add", west, "--channel", "call", "--note", "家属代接", "--staff", "王医生"]).status == 0)

            let board = try users.ctl(as: 4203, ["complaint", "show", "\(complaint)"])
            #expect(board.status == 77 && board.stderr.contains("belongs to 回访口腔（徐汇店） (xuhui)") && !board.stdout.contains("等候太久"),
                    "\(board)")
            for command in [["appointment", "show", "\(atXuhui)"], ["customer", "contacts", west],
                            ["arrears", "show", west], ["points", "ledger", west], ["pet", "edit", "\(pet)", "--name", "改名"],
                            ["appointment", "confirm", "\(atXuhui)"]] {
                let refused = try desk(command)
                #expect(refused.status == 77 && refused.stderr.contains("belongs to 回访口腔（徐汇店） (xuhui)"), "\(command): \(refused.stderr)")
                #expect(!refused.stdout.contains("等候太久") && !refused.stdout.contains("家属代接"), "\(command): \(refused.stdout)")
            }
            #expect(try daemon.ctlJSON(["pet", "list", "--customer", west]).array?.first?["name"]?.stringValue == "豆豆", "unchanged")
            // Nor another branch's customer to opt out, merge away or erase.
            let manager = { (args: [String]) in try users.ctl(as: 4203, args) }
            for (command, by) in [(["customer", "opt-out", west, "--channel", "sms"], desk),
                                  (["customer", "merge", east, west, "--confirm"], manager),
                                  (["customer", "merge", west, east, "--confirm"], manager),
                                  (["customer", "erase", west, "--confirm"], manager)] {
                let refused = try by(command)
                #expect(refused.status == 77 && refused.stderr.contains("belongs to 回访口腔（徐汇店） (xuhui)"), "\(command): \(refused.stderr)")
            }
            let kept = try daemon.ctlJSON(["customer", "show", west])
            #expect(kept["name"]?.stringValue == "徐汇客人" && kept["erased_at"] == nil && kept["opted_out"]?.array?.isEmpty != false, "\(kept)")
            #expect(try daemon.ctlJSON(["customer", "show", east])["name"]?.stringValue == "浦东客人")
            #expect(try desk(["appointment", "show", "\(visiting)"]).status == 0, "浦东's own customer")
            #expect(try desk(["customer", "contacts", east]).status == 0)
            // Tables for people name the customer and say where each customer belongs.
            let complaints = try daemon.ctl(["complaint", "list"]).stdout
            #expect(complaints.contains("徐汇客人") && complaints.contains("等候太久"), "\(complaints)")
            let customers = try daemon.ctl(["customer", "list"]).stdout
            #expect(customers.contains("BRANCH") && customers.contains("xuhui") && customers.contains("pudong"), "\(customers)")
            // 徐汇's front desk: the visiting customer's appointment is in its book, so its to confirm.
            #expect(try daemon.ctl(["staff", "add", "--name", "徐汇前台", "--role", "front-desk", "--uid", "4202", "--branch", "xuhui"]).status == 0)
            let confirmed = try users.ctl(as: 4202, ["--json", "appointment", "confirm", "\(visiting)"])
            #expect(confirmed.status == 0 && confirmed.stdout.contains(#""status":"confirmed""#), "\(confirmed)")
            #expect(try users.ctl(as: 4202, ["customer", "show", east]).status == 77, "the customer record stays 浦东's")
            #expect(daemon.stop() == 0)
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
