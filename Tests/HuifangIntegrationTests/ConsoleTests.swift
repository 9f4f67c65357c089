import Foundation
import HuifangControl
import HuifangTestSupport
import Testing

/// The staff web console (R-PPL-5): in a real browser, and request by request.
extension Integration {
    @Suite struct Console {
        static let always = ["window = \"always\""]
        static let screenshots = TestPaths.packageRoot.appendingPathComponent(".build/screenshots").path

        /// A daemon with a front desk (小李), a manager (王经理) and a customer with a task.
        struct Clinic {
            let sink: WebhookSink
            let daemon: DaemonHarness
            let port: Int
            let customer: String
            let task: Int

            init(extra: String = "", environment: [String: String] = [:]) throws {
                sink = try WebhookSink()
                daemon = DaemonHarness(channels: [("sms", sink.url("sms")), ("staff-task", sink.url("staff-task"))], extra: extra,
                                       channelSettings: ["sms": Console.always, "staff-task": Console.always])
                try daemon.start(environment: environment)
                port = try daemon.httpPort()
                for (name, role, password) in [("小李", "front-desk", "front-desk-1"), ("王经理", "department-head", "manager-pw-1")] {
                    #expect(try daemon.ctl(["staff", "add", "--name", name, "--role", role]).status == 0)
                    let set = try ChildProcess.run(TestPaths.binary("huifangctl"), ["--socket", daemon.socketPath, "staff", "passwd", name],
                                                   stdin: Data("\(password)\n".utf8))
                    #expect(set.status == 0, "\(set.stderr)")
                }
                customer = try daemon.ctl(["customer", "add", "--name", "王小梅", "--phone", "13812345678", "--gender", "female"]).stdout.trimmed
                task = try #require(try daemon.ctlJSON(["task", "add", "--customer", customer, "--at", iso(Date()), "--staff", "小李",
                                                        "--note", "术后两小时回访，问恢复情况"])["id"]?.int)
            }

            func browse(_ arguments: [String]) throws -> (status: Int32, output: String) {
                let run = try ChildProcess.run("/usr/bin/env", ["python3", TestPaths.script("console_e2e.py"), "--base",
                                                                "http://127.0.0.1:\(port)", "--shots", Console.screenshots] + arguments,
                                               timeout: 180)
                return (run.status, run.stdout + run.stderr)
            }
        }

        /// A protocol of one step: customer service calls two hours after a visit for `service`.
        static func callProtocol(service: String, text: String) -> String {
            """

            [[protocols]]
            id = "call-after"
            services = ["\(service)"]
            [[protocols.steps]]
            id = "call"
            at = "2h"
            channel = "staff-task"
            assignee = "customer-service"
            text = { zh-Hans = "\(text)" }
            """
        }

        @Test("R-PPL-5 R-FU-9 in a real browser: a front desk logs in, finds a customer by the last four digits, records no answer, and the call-back SMS goes; the message flow is refused to them")
        func frontDeskInBrowser() throws {
            let clinic = try Clinic()
            _ = try clinic.sink.waitFor(count: 1)   // the task's notice
            let run = try clinic.browse(["front-desk", "小李", "front-desk-1", "5678", "\(clinic.task)"])
            #expect(run.status == 0, "\(run.output)")
            let callBack = try clinic.sink.waitFor(count: 2).first { $0.path == "/sms" }
            #expect(callBack?.body?["type"]?.stringValue == "followup.call-back")
            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array)
            let line = try #require(audit.first { $0["command"]?.stringValue == API.TaskNoAnswer.name })
            #expect(line["actor"]?.stringValue == "小李 (console)")
            #expect(line["customer"]?.int == Int(clinic.customer))
            #expect(audit.contains { $0["command"]?.stringValue == API.EndpointList.name && $0["outcome"]?.stringValue == "denied" },
                    "the refusal is audited")
        }

        @Test("R-PPL-5 R-DLV-3 in a real browser: a manager replays a dead message from the message flow and opens every page")
        func managerInBrowser() throws {
            let clinic = try Clinic()
            _ = try clinic.sink.waitFor(count: 1)   // the task's notice
            // A message the gateway refused for good.
            try clinic.sink.script([SinkReply(status: 404)])
            let dead = try #require(try clinic.daemon.ctlJSON(["message", "schedule", "--customer", clinic.customer, "--channel", "sms",
                                                               "--text", "本周六会员日"])["id"]?.stringValue)
            #expect(try eventually { try clinic.daemon.ctlJSON(["message", "show", dead])["status"]?.stringValue == "dead" })
            // Something on the book and the board, for the pages (and their screenshots).
            #expect(try clinic.daemon.ctl(["appointment", "add", "--customer", clinic.customer, "--service", "光子嫩肤", "--staff", "小李",
                                           "--start", "明天 15:00", "--place", "静安店"]).status == 0)
            #expect(try clinic.daemon.ctl(["complaint", "open", "--customer", clinic.customer, "--channel", "phone",
                                           "--content", "术后红肿，希望尽快复诊", "--severity", "high"]).status == 0)
            let run = try clinic.browse(["manager", "王经理", "manager-pw-1", dead])
            #expect(run.status == 0, "\(run.output)")
            #expect(try eventually { try clinic.daemon.ctlJSON(["message", "show", dead])["status"]?.stringValue == "delivered" })
            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array)
            #expect(audit.contains { $0["command"]?.stringValue == API.MessageReplay.name && $0["actor"]?.stringValue == "王经理 (console)" })
        }

        @Test("R-PPL-5 logins: a wrong password fails, five lock the account, the lock holds against the right one; logout ends the session")
        func loginAndLockout() throws {
            let clinic = try Clinic()
            let browser = ConsoleClient(port: clinic.port)
            #expect(try browser.get("/today").header("location") == "/login?expired=1")
            for _ in 0..<5 {
                let failed = try browser.login("小李", "wrong-password")
                #expect(failed.status == 401)
                #expect(failed.html.contains("姓名或密码不对"))
            }
            let locked = try browser.login("小李", "front-desk-1")
            #expect(locked.status == 403)
            #expect(locked.html.contains("已锁定"))
            // A manager resets the password: the lock goes with it.
            _ = try ChildProcess.run(TestPaths.binary("huifangctl"), ["--socket", clinic.daemon.socketPath, "staff", "passwd", "小李"],
                                     stdin: Data("front-desk-2\n".utf8))
            let signedIn = try browser.login("小李", "front-desk-2")
            #expect(signedIn.status == 303 && signedIn.header("location") == "/today")
            let cookie = try #require(signedIn.headers.first { $0.0 == "set-cookie" && $0.1.hasPrefix("hf_session=") }?.1)
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let today = try browser.get("/today")
            #expect(today.status == 200)
            #expect(today.header("content-security-policy")?.contains("default-src 'none'") == true)
            #expect(try browser.post("/logout", [("csrf", today.csrf ?? "")]).header("location") == "/login")
            #expect(try browser.get("/today").header("location") == "/login?expired=1")
            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array).filter { $0["command"]?.stringValue == "console.login" }
            #expect(audit.filter { $0["outcome"]?.stringValue == "denied" }.count == 6)
        }

        @Test("R-PPL-5 a form without the session's CSRF token is refused and changes nothing; a session unused past idle_minutes ends")
        func csrfAndExpiry() throws {
            let clinic = try Clinic()
            let browser = ConsoleClient(port: clinic.port)
            try browser.login("小李", "front-desk-1")
            let forged = try browser.post("/tasks/\(clinic.task)", [("outcome", "done"), ("csrf", "not-the-token")])
            #expect(forged.status == 403)
            let missing = try browser.post("/tasks/\(clinic.task)", [("outcome", "done")])
            #expect(missing.status == 403)
            #expect(try clinic.daemon.ctlJSON(["task", "list", "--staff", "小李"]).array?.count == 1, "the task is still open")

            // The daemon comes back with its clock an hour on: the session (kept in the store) has expired.
            #expect(clinic.daemon.stop() == 0)
            try clinic.daemon.start(environment: ["HUIFANG_CLOCK_OFFSET_SECONDS": "3600"])
            let port = try clinic.daemon.httpPort()
            let later = ConsoleClient(port: port)
            for (name, value) in browser.cookies { later.setCookie(name, value) }
            #expect(try later.get("/today").header("location") == "/login?expired=1")
        }

        @Test("R-PPL-5 R-PPL-1 a form refused says why in Chinese (a time in the past or unreadable, a short phone, a task already done, a complaint that is not there) and changes nothing")
        func refusalsInChinese() throws {
            let clinic = try Clinic()
            let browser = ConsoleClient(port: clinic.port)
            try browser.login("小李", "front-desk-1")
            /// Posts a form from `page` and answers the refusal shown where the browser is sent back.
            func refusal(_ page: String, _ path: String, _ form: [(String, String)], as browser: ConsoleClient = browser) throws -> String {
                let shown = try browser.submit(from: page, to: path, form).page
                return shown.html.contains(#"role="alert""#) ? shown.said : ""
            }
            let book = [("customer", clinic.customer), ("service", "光子嫩肤"), ("staff", "小李"), ("duration", "60")]
            var said: [String] = []
            said.append(try refusal("/appointments", "/appointments", book + [("start", "2020-01-06 10:00")]))
            #expect(said.last == "未能完成：开始时间须晚于现在。")
            said.append(try refusal("/appointments", "/appointments", book + [("start", "下周三")]))
            #expect(said.last == "未能完成：「下周三」不是时间：请写成 2026-11-28 15:00、11-28 15:00、15:00 或 明天 15:00。")
            said.append(try refusal("/customers/\(clinic.customer)", "/customers/\(clinic.customer)/edit", [("name", "王小梅"), ("phone", "1381234")]))
            #expect(said.last == "未能完成：手机号应为 11 位，这里是 7 位。")
            #expect(try refusal("/today", "/tasks/\(clinic.task)", [("outcome", "done")]).isEmpty, "the first time it is done")
            said.append(try refusal("/today", "/tasks/\(clinic.task)", [("outcome", "done")]))
            #expect(said.last == "未能完成：这条任务已经记为「已完成」，不能再记一次。")
            let manager = ConsoleClient(port: clinic.port)
            try manager.login("王经理", "manager-pw-1")
            said.append(try refusal("/complaints", "/complaints/999", [("action", "respond"), ("note", "已致电")], as: manager))
            #expect(said.last == "未能完成：找不到编号为 999 的投诉。")
            for text in said {
                #expect(!text.replacingOccurrences(of: #"「[^」]*」"#, with: "", options: .regularExpression)
                    .contains { $0.isASCII && $0.isLetter }, "no English on a Chinese page: \(text)")
            }
            #expect(try clinic.daemon.ctlJSON(["appointment", "list", "--from", "今天", "--to", "2026-12-31"]).array?.isEmpty == true)
            #expect(try clinic.daemon.ctlJSON(["customer", "show", clinic.customer])["phone"]?.stringValue == "+8613812345678")

            // The same refusal on an English page keeps its English message.
            browser.setCookie("hf_lang", "en")
            #expect(try refusal("/appointments", "/appointments", book + [("start", "2020-01-06 10:00")]) == "Not done: must lie in the future")
        }

        @Test("R-PPL-5 R-OPS-5 reports and customers on the console in a chain: a chain's manager picks a branch and sees where customers belong, a branch's manager sees their own whatever the address says; a task left to a role reads as the role's name")
        func reportsByBranch() throws {
            let clinic = try Clinic(extra: TwoBranchesConfig.toml())
            let daemon = clinic.daemon
            #expect(try daemon.ctl(["staff", "add", "--name", "浦东主任", "--role", "department-head", "--branch", "pudong"]).status == 0)
            let set = try ChildProcess.run(TestPaths.binary("huifangctl"), ["--socket", daemon.socketPath, "staff", "passwd", "浦东主任"],
                                           stdin: Data("branch-pw-1\n".utf8))
            #expect(set.status == 0, "\(set.stderr)")
            let west = try daemon.ctl(["customer", "add", "--name", "徐汇客人", "--phone", "13800000002", "--branch", "xuhui"]).stdout.trimmed
            // Nobody is a consultant: the task stays with the role.
            #expect(try daemon.ctl(["task", "add", "--customer", west, "--at", iso(Date()), "--staff", "consultant", "--note", "问问效果"]).status == 0)

            let chain = ConsoleClient(port: clinic.port)
            try chain.login("王经理", "manager-pw-1")
            let all = try chain.get("/reports").html
            #expect(all.contains(#"<option value="xuhui">回访口腔（徐汇店）</option>"#), "the branches to pick from")
            #expect(all.contains("咨询师") && !all.contains(">consultant<"), "the role by its Chinese name")
            #expect(all.contains("应办任务 2 项"), "the chain's: 小李's task and 徐汇's")
            let pudong = try chain.get("/reports?branch=pudong").html
            #expect(pudong.contains(#"<option value="pudong" selected>"#) && pudong.contains("应办任务 0 项"))
            #expect(try chain.get("/reports?branch=xuhui").html.contains("应办任务 1 项"))
            let unknown = try chain.get("/reports?branch=nowhere")
            #expect(unknown.status == 400 && unknown.html.contains("没有「nowhere」这个分店"), "\(unknown.status)")

            // Finding a customer, the chain sees where each belongs; the branch only its own.
            let found = try chain.get("/customers?q=0002").html
            #expect(found.contains("<td>回访口腔（徐汇店）</td>"), "the branch column")

            let branch = ConsoleClient(port: clinic.port)
            try branch.login("浦东主任", "branch-pw-1")
            #expect(!(try branch.get("/customers?q=0002").html.contains("徐汇客人")), "another branch's customer is not found")
            let own = try branch.get("/reports?branch=xuhui").html
            #expect(!own.contains("<select") && own.contains("回访口腔（浦东店）") && own.contains("应办任务 0 项"), "their branch's, not 徐汇's")
        }

        @Test("R-PPL-2 R-PPL-5 phones as staff read them: 138 1234 5678 on every page, tel: links in E.164, and the form saved as shown changes no phone")
        func phonesAsRead() throws {
            let clinic = try Clinic()
            let id = clinic.customer
            let manager = ConsoleClient(port: clinic.port)
            try manager.login("王经理", "manager-pw-1")
            let page = try manager.get("/customers/\(id)").html
            #expect(page.contains(#"<a href="tel:+8613812345678">138 1234 5678</a>"#), "the customer's page")
            #expect(page.contains(#"name="phone" value="138 1234 5678""#), "the edit form")
            #expect(!page.contains("所属门店"), "no branch outside a chain")
            #expect(try manager.get("/customers?q=5678").html.contains("<td>138 1234 5678</td>"), "the search's list")
            let desk = ConsoleClient(port: clinic.port)
            try desk.login("小李", "front-desk-1")
            #expect(try desk.get("/today").html.contains(#"<a href="tel:+8613812345678">138 1234 5678</a>"#), "the task to call")

            let saved = try manager.post("/customers/\(id)/edit", [("csrf", try #require(try manager.get("/customers/\(id)").csrf)),
                                                                   ("name", "王小梅"), ("phone", "138 1234 5678"), ("email", ""), ("notes", "怕疼")])
            #expect(saved.status == 303 && saved.header("location") == "/customers/\(id)", "\(saved.status) \(saved.html.prefix(300))")
            let shown = try clinic.daemon.ctlJSON(["customer", "show", id])
            #expect(shown["phone"]?.stringValue == "+8613812345678" && shown["notes"]?.stringValue == "怕疼")
            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array)
            let edit = try #require(audit.first { $0["command"]?.stringValue == API.CustomerEdit.name })
            let detail = edit["detail"]?.stringValue ?? ""
            #expect(detail.contains("notes") && !detail.contains("phone"), "only the notes changed: \(detail)")
        }

        @Test("R-PPL-5 R-APT-1 a booking names its customer: started from their page it shows who, typed it takes a phone's ending or a name, and several found are named, not guessed")
        func bookingNamesTheCustomer() throws {
            let clinic = try Clinic()
            let id = clinic.customer
            #expect(try clinic.daemon.ctl(["customer", "add", "--name", "王小兰", "--phone", "13900005678"]).status == 0)
            let desk = ConsoleClient(port: clinic.port)
            try desk.login("小李", "front-desk-1")
            /// Posts the booking form; answers where it led and what the page there said.
            func book(_ form: [(String, String)], from page: String = "/appointments") throws -> (location: String, said: String) {
                let (location, shown) = try desk.submit(from: page, to: "/appointments", [("service", "光子嫩肤"), ("staff", "小李"),
                                                                                      ("duration", "60"), ("start", "明天 15:00")] + form)
                return (location, shown.said)
            }

            let fromPage = try desk.get("/appointments?customer=\(id)").html
            #expect(fromPage.contains(#"客户：<a href="/customers/\#(id)">王小梅</a> 138 1234 5678"#) && !fromPage.contains(#"id="n-customer""#),
                    "who the booking is for, by name")
            var said = try book([("customer", "5678"), ("place", "二楼 3 号室")])
            let refilled = try desk.get(said.location).html
            #expect(refilled.contains(#"name="customer" required placeholder="手机尾号、姓名或 #编号" value="5678""#)
                    && refilled.contains(#"value="光子嫩肤""#) && refilled.contains(#"value="明天 15:00""#) && refilled.contains(#"value="二楼 3 号室""#)
                    && refilled.contains(#"<option value="小李" selected>小李</option>"#), "the refused booking comes back filled in: \(said.location)")
            #expect(said.said.hasPrefix("未能完成：「5678」对应 2 位客户：") && said.said.contains("王小梅（尾号 5678）")
                    && said.said.contains("王小兰（尾号 5678）"), "\(said.said)")
            said = try book([("customer", "赵")])
            #expect(said.said == "未能完成：找不到「赵」对应的客户。")
            said = try book([("customer_id", id), ("start", "昨天 15:00")], from: "/appointments?customer=\(id)")
            #expect(said.location.hasPrefix("/appointments?customer=\(id)&") && said.said.hasPrefix("未能完成："), "back to the customer's booking form")
            #expect(try clinic.daemon.ctlJSON(["appointment", "list", "--date", "明天"]).array?.isEmpty == true,
                    "nothing booked by a refused form")
            said = try book([("customer", "王小梅")])
            #expect(said.said.hasPrefix("已预约：王小梅 · 光子嫩肤 · 小李 · "), "the name typed in full: \(said.said)")
            said = try book([("customer", "1234 5678")])
            #expect(said.said.hasPrefix("已预约：王小梅"), "a phone's ending found alone: \(said.said)")
            let booked = try #require(try clinic.daemon.ctlJSON(["appointment", "list", "--date", "明天"]).array)
            #expect(booked.count == 2 && booked.allSatisfy { $0["customer"]?.int == Int(id) }, "\(booked)")

            // Checked in, the book leads to the customer's visit form, filled in from the appointment.
            let first = try #require(booked.first)
            let appointment = try #require(first["id"]?.int)
            let day = String(try #require(first["start"]?.stringValue).prefix(10))
            #expect(try desk.submit(from: "/appointments", to: "/appointments/\(appointment)/checkin", []).page.said == "已保存。")
            let book = try desk.get("/appointments?date=\(day)").html
            let link = try #require(book.range(of: #"<a href="/customers/\#(id)?new_service="#).map { range in
                String(book[range.lowerBound...].dropFirst(9).prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            }, "a 记录到店 link on the checked-in appointment: \(book)")
            let form = try desk.get(link).html
            #expect(form.contains(#"<details class="card form" open>"#) && form.contains(#"value="光子嫩肤""#)
                    && form.contains(#"<option value="小李" selected>小李</option>"#), "the visit form open and filled in: \(link)")
        }

        @Test("R-PPL-5 R-FU-1 R-CMP-1 the desk records on the console: a new customer (a refused form comes back filled in), a visit that plans its follow-ups, a complaint; each audited as the member")
        func deskRecords() throws {
            let clinic = try Clinic(extra: Console.callProtocol(service: "光子嫩肤", text: "请回访{salutation}（{service}）"))
            let desk = ConsoleClient(port: clinic.port)
            try desk.login("小李", "front-desk-1")
            /// Posts a form from `page`; answers where it led, the notice or refusal shown there, and the page.
            func post(_ page: String, _ path: String, _ form: [(String, String)]) throws -> (location: String, said: String, html: String) {
                let (location, shown) = try desk.submit(from: page, to: path, form)
                return (location, shown.said, shown.html)
            }

            #expect(try desk.get("/customers").html.contains("新客户登记"))
            #expect(try desk.get("/customers?q=12").html.contains("手机尾号请至少写 4 位。"), "too short an ending, said so")
            #expect(try clinic.daemon.ctl(["staff", "add", "--name", "周医生", "--role", "doctor"]).status == 0)
            let refused = try post("/customers", "/customers", [("name", "李小红"), ("phone", "139 0000"), ("gender", "female"), ("birthday", "三月初八"),
                                                                 ("notes", "怕疼 & 易紧张 = 1+1 #2")])
            #expect(refused.said == "未能完成：手机号应为 11 位，这里是 7 位。", "\(refused.said)")
            #expect(refused.html.contains(#"name="name" value="李小红""#) && refused.html.contains(#"value="139 0000""#)
                    && refused.html.contains(#"<option value="female" selected>女</option>"#) && refused.html.contains(#"value="三月初八""#)
                    && refused.html.contains(">怕疼 &amp; 易紧张 = 1+1 #2</textarea>"),
                    "the form as it was filled in: \(refused.location)")
            let taken = try post("/customers", "/customers", [("name", "王小梅二号"), ("phone", "138 1234 5678")])
            #expect(taken.said.hasPrefix("未能完成：") && taken.location.hasPrefix("/customers?"), "a phone on file already: \(taken.said)")
            let added = try post("/customers", "/customers", [("name", "李小红"), ("phone", "139 0000 1111"), ("gender", "female"), ("birthday", "三月初八")])
            let id = String(added.location.dropFirst("/customers/".count))
            #expect(added.said == "已登记：李小红" && Int(id) != nil, "\(added.location) \(added.said)")
            let shown = try clinic.daemon.ctlJSON(["customer", "show", id])
            #expect(shown["phone"]?.stringValue == "+8613900001111" && shown["gender"]?.stringValue == "female"
                    && shown["lunar_date"]?.stringValue != nil, "\(shown)")

            #expect(try desk.get("/customers/\(id)").html.contains(#"<select id="v-staff" name="staff"><option value="周医生">"#),
                    "the doctor first among who served")
            let visited = try post("/customers/\(id)", "/customers/\(id)/visits", [("service", "光子嫩肤"), ("staff", "小李"), ("amount", "680")])
            #expect(visited.said == "已记录到店：光子嫩肤 · 小李，已安排 1 项回访", "\(visited.said)")
            let tasks = try #require(try clinic.daemon.ctlJSON(["task", "list"]).array)
            #expect(tasks.contains { $0["customer"]?.int == Int(id) && $0["text"]?.stringValue?.hasPrefix("请回访李女士（光子嫩肤）") == true },
                    "the protocol's call: \(tasks)")
            #expect(visited.html.contains("光子嫩肤 · 小李"), "the visit in the customer's story")
            #expect(!visited.html.contains("添加宠物"), "no pets outside a groomer's")
            let noStaff = try post("/customers/\(id)", "/customers/\(id)/visits", [("service", "光子嫩肤"), ("staff", ""), ("amount", "12.345")])
            #expect(noStaff.said.hasPrefix("未能完成："), "\(noStaff.said)")
            #expect(noStaff.html.contains(#"<details class="card form" open>"#) && noStaff.html.contains(#"value="光子嫩肤""#)
                    && noStaff.html.contains(#"value="12.345""#), "the refused visit comes back filled in")
            let noContent = try post("/customers/\(id)", "/customers/\(id)/complaints", [("channel", "online"), ("severity", "critical"), ("content", " ")])
            #expect(noContent.said.hasPrefix("未能完成：") && noContent.html.contains(#"<option value="online" selected>网上</option>"#)
                    && noContent.html.contains(#"<option value="critical" selected>"#), "the refused complaint comes back as chosen: \(noContent.said)")

            let opened = try post("/customers/\(id)", "/customers/\(id)/complaints",
                                  [("channel", "in-person"), ("severity", "high"), ("content", "前台等了四十分钟")])
            #expect(opened.said.hasPrefix("已登记投诉 #"), "\(opened.said)")
            let complaints = try #require(try clinic.daemon.ctlJSON(["complaint", "list"]).array)
            #expect(complaints.contains { $0["customer"]?.int == Int(id) && $0["channel"]?.stringValue == "in-person"
                        && $0["severity"]?.stringValue == "high" && $0["content"]?.stringValue == "前台等了四十分钟" }, "\(complaints)")

            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array)
            for command in [API.CustomerAdd.name, API.VisitAdd.name, API.ComplaintOpen.name] {
                #expect(audit.contains { $0["command"]?.stringValue == command && $0["actor"]?.stringValue == "小李 (console)"
                            && $0["outcome"]?.stringValue == "ok" }, "\(command) audited as 小李")
            }
        }

        @Test("R-PPL-4 R-PPL-5 a groomer's desk adds a customer's pet on the console and records its groom: the pet is on the customer's page and in the follow-up")
        func groomerPets() throws {
            let clinic = try Clinic(extra: """

                [pets]
                rebook_days = { dog = 42 }
                """ + Console.callProtocol(service: "洗护", text: "回访{pet}的{service}"))
            let id = clinic.customer
            let desk = ConsoleClient(port: clinic.port)
            try desk.login("小李", "front-desk-1")
            let page = try desk.get("/customers/\(id)").html
            #expect(page.contains("添加宠物") && !page.contains(#"id="v-pet""#), "a groomer's page, no pet yet")
            let refused = try desk.submit(from: "/customers/\(id)", to: "/customers/\(id)/pets",
                                          [("name", "豆豆"), ("species", "dog"), ("birthday", "2020年2月30日")]).page
            #expect(refused.said.hasPrefix("未能完成：生日须是真实的日期"), "\(refused.said)")
            let added = try desk.submit(from: "/customers/\(id)", to: "/customers/\(id)/pets",
                                        [("name", "豆豆"), ("species", "dog"), ("breed", "泰迪"), ("birthday", "2020年3月1日")]).page
            #expect(added.said == "已添加宠物：豆豆", "\(added.said)")
            #expect(added.html.contains("<dd>豆豆（狗 · 泰迪）</dd>"), "the pet among the customer's facts")
            let pets = try #require(try clinic.daemon.ctlJSON(["pet", "list", "--customer", id]).array)
            let pet = try #require(pets.first)
            #expect(pets.count == 1 && pet["birthday"]?.stringValue == "2020-03-01" && pet["species"]?.stringValue == "dog")
            let petID = try #require(pet["id"]?.int)
            #expect(added.html.contains(#"<option value="\#(petID)">豆豆</option>"#), "the visit form names the pet")

            let groomed = try desk.submit(from: "/customers/\(id)", to: "/customers/\(id)/visits",
                                          [("service", "洗护"), ("staff", "小李"), ("pet", "\(petID)")]).page
            #expect(groomed.said == "已记录到店：洗护 · 小李，已安排 1 项回访", "\(groomed.said)")
            let tasks = try #require(try clinic.daemon.ctlJSON(["task", "list"]).array)
            #expect(tasks.contains { $0["text"]?.stringValue?.hasPrefix("回访豆豆的洗护") == true }, "the follow-up names the pet: \(tasks)")
        }

        @Test("R-OPS-4 R-PPL-5 a manager imports customers from a spreadsheet's CSV on the console: checked first, nothing written while a row is wrong, each wrong row by its line in Chinese, unknown columns left out and named")
        func importCustomers() throws {
            let clinic = try Clinic()
            let manager = ConsoleClient(port: clinic.port)
            try manager.login("王经理", "manager-pw-1")
            #expect(try manager.get("/customers").html.contains(#"<a href="/import">批量导入客户、到店记录、预约</a>"#))
            let desk = ConsoleClient(port: clinic.port)
            try desk.login("小李", "front-desk-1")
            #expect(try desk.get("/import").status == 403, "a front desk does not import")
            #expect(!(try desk.get("/customers").html.contains("/import")))

            func upload(_ csv: String, kind: String = "customers", skip: Bool = false) throws -> ConsoleClient.Page {
                let csrf = try #require(try manager.get("/import").csrf)
                return try manager.upload("/import", [("csrf", csrf), ("kind", kind)] + (skip ? [("skip_invalid", "1")] : []),
                                          file: ("file", "客户.csv", Array(csv.utf8)))
            }
            let csv = "\u{FEFF}姓名,手机,生日,会员号\r\n李一,139 0000 0001,1990年5月1日,A001\r\n李二,1390000,,A002\r\n王小梅,13812345678,,A003\r\n"
            let refused = try upload(csv)
            #expect(refused.status == 200)
            #expect(refused.html.contains("共 3 行：新客户 1 位，已登记 1 位（跳过），有误 1 行。"), "\(refused.html)")
            #expect(refused.html.contains("这次什么都没有导入") && refused.html.contains("第 3 行：</span>「手机」手机号应为 11 位，这里是 7 位。"))
            #expect(refused.html.contains("没有导入的栏目：会员号"))
            #expect(try clinic.daemon.ctlJSON(["customer", "find", "0001"]).array?.isEmpty == true, "nothing written")

            let skipped = try upload(csv, skip: true)
            #expect(skipped.html.contains("已导入 1 位客户。"), "\(skipped.html)")
            let found = try #require(try clinic.daemon.ctlJSON(["customer", "find", "0001"]).array)
            #expect(found.count == 1 && found.first?["name"]?.stringValue == "李一" && found.first?["birthday"]?.stringValue == "1990-05-01")
            let audit = try #require(try clinic.daemon.ctlJSON(["audit", "list"]).array)
            #expect(audit.contains { $0["command"]?.stringValue == API.ImportCustomers.name && $0["actor"]?.stringValue == "王经理 (console)" })

            // Past visits, by the customer's phone: a phone nobody has is named by its line.
            let visits = "手机,项目,医生,时间\n138 1234 5678,洁牙,小李,2025-06-01 10:00\n13999999999,洁牙,小李,2025-06-02 10:00\n"
            let unknownPhone = try upload(visits, kind: "visits")
            #expect(unknownPhone.html.contains("共 2 行：新到店记录 1 条，已有 0 条（跳过），有误 1 行。")
                    && unknownPhone.html.contains("第 3 行：</span>「手机」没有这个手机号的客户：请先导入客户。")
                    && unknownPhone.html.contains(#"<option value="visits" selected>到店记录</option>"#), "\(unknownPhone.html)")
            #expect(try upload(visits, kind: "visits", skip: true).html.contains("已导入 1 条到店记录。"))
            #expect(try upload(visits, kind: "visits", skip: true).html.contains("共 2 行：新到店记录 0 条，已有 1 条（跳过），有误 1 行。"),
                    "a visit imported before is skipped")
            let story = try clinic.daemon.ctlJSON(["customer", "show", clinic.customer])
            #expect("\(story)".contains("洁牙"), "the visit is in the customer's story")

            let noName = try upload("手机\n13900000009\n")
            #expect(noName.status == 400 && noName.said == "未能完成：第 1 行：表头里没有「姓名」一栏。", "\(noName.said)")
            let notUTF8 = try manager.upload("/import", [("csrf", try #require(try manager.get("/import").csrf))],
                                             file: ("file", "gbk.csv", [0xD0, 0xD5, 0xC3, 0xFB, 0x0A, 0xC0, 0xEE, 0x0A]))
            #expect(notUTF8.status == 400 && notUTF8.said.contains("不是 UTF-8 编码"), "\(notUTF8.said)")
            let noFile = try manager.upload("/import", [("csrf", try #require(try manager.get("/import").csrf))], file: ("file", "", []))
            #expect(noFile.status == 400 && noFile.said == "请选择要上传的 CSV 文件。", "\(noFile.said)")
            let forged = try manager.upload("/import", [("csrf", "forged")], file: ("file", "x.csv", Array("姓名\n赵\n".utf8)))
            #expect(forged.status == 403, "no CSRF token, no import")
            let stranger = try ConsoleClient(port: clinic.port).upload("/import", [], file: ("file", "x.csv", Array("姓名\n赵\n".utf8)))
            #expect(stranger.status == 303 && stranger.header("location") == "/login?expired=1", "no session, no import")
            for junk in ["not a multipart body", "--x\r\nno headers end"] {
                let sent = try manager.post("/import", [("csrf", "x"), ("junk", junk)])
                #expect(sent.status == 400, "a form that is not an upload: \(sent.status)")
            }
        }

        @Test("R-PPL-5 R-DLV-7 a customer's page in staff's words: statuses, channels and a message's story in Chinese, one 原因 per message")
        func customerPageWords() throws {
            let clinic = try Clinic()
            let daemon = clinic.daemon
            let id = clinic.customer
            // One message the gateway turns away for an hour: its story has two lines.
            _ = try clinic.sink.waitFor(count: 1)   // the task's notice
            try clinic.sink.script([SinkReply(status: 503, retryAfter: "3600")])
            let turnedAway = try daemon.ctl(["message", "schedule", "--customer", id, "--channel", "sms", "--text", "稍后再发"]).stdout.trimmed
            #expect(try eventually { try daemon.ctlJSON(["message", "show", turnedAway])["attempt_count"]?.int == 1 })
            #expect(try daemon.ctl(["complaint", "open", "--customer", id, "--channel", "phone", "--content", "等候太久"]).status == 0)
            #expect(try daemon.ctl(["appointment", "add", "--customer", id, "--service", "光子嫩肤", "--staff", "小李",
                                    "--start", iso(Date().addingTimeInterval(3 * 86_400))]).status == 0)
            for text in ["下周见", "记得复查"] {
                #expect(try daemon.ctl(["message", "schedule", "--customer", id, "--channel", "sms", "--text", text,
                                        "--at", iso(Date().addingTimeInterval(2 * 86_400))]).status == 0)
            }
            #expect(try daemon.ctl(["contact", "add", id, "--channel", "wechat", "--note", "问了价格", "--staff", "小李"]).status == 0)

            let manager = ConsoleClient(port: clinic.port)
            try manager.login("王经理", "manager-pw-1")
            let page = try manager.get("/customers/\(id)").html
            #expect(page.contains("已受理 · 一般 · 等候太久"), "the complaint's status and severity")
            #expect(page.contains("光子嫩肤 · 小李 · 已预约"), "the appointment's status")
            #expect(page.contains("短信 · 待发 · 下周见") && page.contains("短信 · 待发 · 记得复查"), "the messages' channel and status")
            let after = try #require(page.components(separatedBy: "短信 · 待重试 · 稍后再发").dropFirst().first,
                                     "the message turned away is listed as 待重试")
            let story = try #require(after.components(separatedBy: "</details>").first)
            #expect(story.components(separatedBy: "<details>").count == 2 && after.dropFirst(story.count).hasPrefix("</details></li>"),
                    "one 原因 however long its story: \(after.prefix(800))")
            #expect(story.contains("生成：手动安排</li>") && story.contains("发送：第 1 次，短信：HTTP 503"), "\(story)")
            #expect(page.contains("微信 · 小李：问了价格"), "the contact's channel")
            #expect(page.contains(#"<option value="wechat">微信</option>"#), "the contact form's channels")
            // What staff read: the page without its forms' values (codes, which the browser sends back).
            let read = page.replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression)
            for code in [">sms", "pending", "received", "normal", "booked", "created", "wechat ·", "in-person", ">high"] {
                #expect(!read.contains(code), "no code on a Chinese page: \(code)")
            }
            #expect(try manager.get("/complaints").html.contains("负责人：客服"), "a Chinese colon, the role's Chinese name")
            let optOut = try daemon.ctl(["customer", "opt-out", id, "--channel", "sms"])
            #expect(optOut.status == 0, "\(optOut.stderr)")
            #expect(try manager.get("/customers/\(id)").html.contains("<dd>短信</dd>"), "the channel opted out of")
        }

        @Test("R-PPL-5 R-CUS-3 what customers and staff typed is shown escaped; a console action leaves the same audit line as huifangctl")
        func escapingAndAudit() throws {
            let clinic = try Clinic()
            let hostile = "<script>alert(\"x\")</script>'李😀"
            let other = try clinic.daemon.ctl(["customer", "add", "--name", hostile, "--phone", "13900009999"]).stdout.trimmed
            let browser = ConsoleClient(port: clinic.port)
            try browser.login("小李", "front-desk-1")
            let found = try browser.get("/customers?q=9999")
            #expect(found.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            #expect(!found.html.contains("<script>"))
            let page = try browser.get("/customers/\(other)")
            #expect(!page.html.contains("<script>"))

            // The same contact, once from the console and once from huifangctl.
            let posted = try browser.post("/customers/\(other)/contacts", [("csrf", page.csrf ?? ""), ("channel", "call"), ("note", "<b>回电</b>")])
            #expect(posted.status == 303)
            #expect(try clinic.daemon.ctl(["contact", "add", other, "--channel", "call", "--note", "<b>回电</b>", "--staff", "小李"]).status == 0)
            let lines = try #require(try clinic.daemon.ctlJSON(["audit", "list", "--customer", other]).array)
                .filter { $0["command"]?.stringValue == API.ContactAdd.name }
            #expect(lines.count == 2)
            let fields = ["command", "customer", "outcome", "detail"]
            #expect(fields.map { lines[0][$0] } == fields.map { lines[1][$0] })
            #expect(Set(lines.compactMap { $0["actor"]?.stringValue }) == ["小李 (console)"], "huifangctl's line names the uid, the console's the person")
            let shown = try browser.get("/customers/\(other)")
            #expect(shown.html.contains("&lt;b&gt;回电&lt;/b&gt;"))
        }
    }
}
