import Foundation
import HuifangCore
@testable import HuifangDaemon
import HuifangTestSupport
import Testing

@Suite struct HuifangConfigTests {
    let channel = """
        [channels.sms]
        url = "http://127.0.0.1:8788/sms"
        secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        """

    private func error(_ text: String) -> ConfigError? {
        do {
            _ = try HuifangConfig.parse(text, file: "t.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test("R-OPS-4 R-DLV-1 the shipped config/huifang.toml parses with its five channels")
    func shippedConfig() throws {
        let path = TestPaths.packageRoot.appendingPathComponent("config/huifang.toml").path
        let config = try HuifangConfig.load(path: path)
        #expect(config.channels.map(\.name) == ["sms", "email", "wechat", "staff-task", "report"])
        #expect(config.store.path == "var/huifang.sqlite")
        #expect(config.control.socket == "var/control.sock")
        #expect(config.control.socketMode == 0o660)
        #expect(config.scheduler.pollIntervalMs == 1000)
        #expect(config.service.defaultTimeZone == "Asia/Shanghai")
        #expect(config.channel(named: "sms")?.timeoutMs == 10_000)
        #expect(config.greetings.holidays.map(\.id) == ["new-year", "womens-day", "spring-festival", "lantern", "dragon-boat",
                                                       "mid-autumn", "double-ninth"])
        #expect(config.greetings.holidays.first { $0.id == "mid-autumn" }?.day == .lunar(month: 8, day: 15))
        #expect(config.greetings.birthdayTemplate == DefaultTemplates.birthday)
        #expect(config.greetings.windows(for: config.channel(named: "staff-task")!) == .defaultCalls)
        #expect(config.greetings.windows(for: config.channel(named: "sms")!) == .defaultMessages)
    }

    @Test("R-TIME-1 quiet hours and windows written either way mean the same")
    func quietHoursConfig() throws {
        let quiet = try HuifangConfig.parse("[windows]\nmessages_quiet_hours = \"21:00-08:00\"\n" + channel, file: "t.toml")
        let window = try HuifangConfig.parse("[windows]\nmessages = [\"08:00-21:00\"]\n" + channel, file: "t.toml")
        #expect(quiet.greetings.windows["messages"] == window.greetings.windows["messages"])
        #expect(quiet.greetings.windows["messages"] == ContactWindows([TimeWindow("08:00-21:00")!]))
    }

    @Test("R-OPS-4 defaults apply to keys left out")
    func defaults() throws {
        let config = try HuifangConfig.parse(channel, file: "t.toml")
        #expect(config.store.path == "/var/lib/huifang/huifang.sqlite")
        #expect(config.control.socket == "/run/huifang/control.sock")
        #expect(config.delivery.maxAttempts == 8)
        #expect(config.channels.first?.connectTimeoutMs == 5000)
    }

    @Test("R-OPS-4 every config error names file, line and column", arguments: [
        ("[store]\npath = 5\n", "t.toml:2:8: [store] path must be a string, not an integer"),
        ("[scheduler]\npoll_interval_ms = 1\n", "t.toml:2:20: [scheduler] poll_interval_ms must lie between 10 and 3600000, not 1"),
        ("[scheduler]\nspeed = 1\n", "t.toml:2:1: unknown key 'speed' in [scheduler] (known keys: poll_interval_ms, batch_size, lease_ms)"),
        ("colour = 1\n", "t.toml:1:1: unknown key 'colour' at the top level (known keys: service, store, control, scheduler, delivery, channels, consent, greetings, windows, holidays, templates, protocols, appointments, complaints, roles, backup, security, membership, reports, retention, pets, branches, http, inbound, replies, console, services)"),
        ("[security]\nkey_file = \"${CREDENTIALS_DIRECTORY}/health.key\"\n", "t.toml:2:12: [security] key_file uses ${CREDENTIALS_DIRECTORY}, but CREDENTIALS_DIRECTORY is not set (it is under systemd with LoadCredential=)"),
        ("[security]\nkey = \"x\"\n", "t.toml:2:1: unknown key 'key' in [security] (known keys: key_file)"),
        ("[service]\ndefault_time_zone = \"Asia/Beijing\"\n", "t.toml:2:21: [service] default_time_zone 'Asia/Beijing' is not an IANA time zone"),
        ("[channels.sms]\nurl = \"http://127.0.0.1/x\"\nsecret = \"hunter2\"\n", "t.toml:3:10: [channels.sms] secret must start with whsec_"),
        ("[channels.sms]\nurl = \"http://127.0.0.1/x\"\n", "t.toml:1:1: [channels.sms] needs the key 'secret'"),
        ("[channels.sms]\nurl = \"http://127.0.0.1/x\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\nretries = 3\n", "t.toml:4:1: unknown key 'retries' in [channels.sms] (known keys: url, secret, timeout_ms, connect_timeout_ms, max_in_flight, rate_limit_per_second, circuit_failure_threshold, circuit_cool_down_ms, window, signature, unsubscribe_footer, retry_schedule, secrets, secret_file)"),
        ("[channels.\"s m s\"]\nurl = \"http://127.0.0.1/x\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n", "t.toml:1:1: channel name 's m s' may hold only letters, digits, '-' and '_'"),
        ("[store]\npath = \"x\"\n", "t.toml: no [channels.<name>] table: at least one channel is needed"),
        ("[store\n", "t.toml:1:7: expected ']' to close the table header"),
        ("[delivery]\nretry_schedule = [\"5s\", \"5x\"]\n", "t.toml:2:25: [delivery] retry_schedule: '5x' is not a wait like 500ms, 5s, 5m, 2h or 1d (100 ms to 3 days)"),
        ("[delivery]\nmax_attempts = 3\nretry_schedule = [\"5s\"]\n", "t.toml:3:18: [delivery] retry_schedule and max_attempts / backoff_base_ms / backoff_cap_ms exclude each other: give one"),
        ("[http]\nlisten = \"localhost\"\n", "t.toml:2:10: [http] listen must be HOST:PORT with an IP address (127.0.0.1:8790, [::1]:8790) or \"\" for none, not 'localhost'"),
        ("[inbound.aliyun]\nformat = \"aliyun-sms\"\ntoken = \"short\"\n", "t.toml:3:9: [inbound.aliyun] token must be at least 24 letters, digits, '-' or '_' (e.g. openssl rand -hex 16)"),
        ("[inbound.gw]\nformat = \"standard-webhooks\"\n", "t.toml:1:1: [inbound.gw] needs secret = \"whsec_…\" (format standard-webhooks signs every request)"),
        ("[inbound.gw]\nformat = \"soap\"\n", "t.toml:2:10: [inbound.gw] format must be standard-webhooks or aliyun-sms, not 'soap'"),
        ("[inbound.gw]\nformat = \"standard-webhooks\"\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\naccepts = [\"order.paid\"]\n", "t.toml:4:12: [inbound.gw] accepts names 'order.paid'; known: message.receipt, message.reply, task.outcome"),
        ("[inbound.aliyun]\nformat = \"aliyun-sms\"\ntoken = \"0123456789abcdef0123456789\"\nallow_from = [\"10.0.0.0/33\"]\n", "t.toml:4:15: [inbound.aliyun] allow_from '10.0.0.0/33' is not an IP address or a CIDR block"),
        ("[consent]\nessential_kinds = [\"appointment.reminder\", \"retention.winback\"]\n", "t.toml:2:44: [consent] essential_kinds names 'retention.winback': greetings, win-backs, tier and points notices, complaint updates and arrears reminders are never essential"),
        ("[store]\nurl = \"mysql://x\"\n", "t.toml:2:7: [store] url must be a PostgreSQL URL (postgresql://…); for SQLite give path instead"),
        ("[store]\npath = \"x.sqlite\"\nurl = \"postgresql:///huifang\"\n", "t.toml:2:8: [store] give either path (SQLite) or url (PostgreSQL), not both"),
        ("[store]\npool = 4\n", "t.toml:2:8: [store] pool and node apply to a PostgreSQL store (url)"),
        ("[store]\nurl = \"postgresql:///huifang\"\nnode = \"a/b\"\n", "t.toml:3:8: [store] node must be a name of 1 to 64 bytes without '/'"),
        ("[[branches]]\nid = \"浦东\"\nname = \"浦东店\"\n", "t.toml:2:6: [[branches]] #1 id must be 1 to 32 ASCII letters, digits, - or _"),
        ("[[branches]]\nid = \"pd\"\nname = \"浦东店\"\n[[branches]]\nid = \"pd\"\nname = \"徐汇店\"\n", "t.toml:5:6: [[branches]] #2 id 'pd' is used twice"),
        ("[[branches]]\nid = \"pd\"\nname = \"浦东店\"\ntime_zone = \"Asia/Pudong\"\n", "t.toml:4:13: [[branches]] #1 time_zone 'Asia/Pudong' is not a time zone (such as Asia/Shanghai)"),
        ("[[branches]]\nid = \"pd\"\nname = \"浦东店\"\nreport_channel = \"report-pd\"\n",
         "t.toml:4:18: [[branches]] 'pd' report_channel 'report-pd' is not a [channels.<name>] table"),
        ("[[branches]]\nid = \"pd\"\nname = \"浦东店\"\n[roles]\nxiaoli = { role = \"front-desk\", branch = \"xh\" }\n", "t.toml:5:42: [roles] xiaoli branch 'xh' is not a [[branches]] id (known: pd)"),
    ] as [(String, String)])
    func errorsNamePosition(text: String, expected: String) {
        #expect(error(text)?.description == expected)
    }

    @Test("R-OPS-5 [[branches]] and [roles] limited to a branch; [store] url selects PostgreSQL")
    func branchesAndStore() throws {
        let config = try HuifangConfig.parse("""
            [store]
            url = "postgresql:///huifang?host=/run/postgresql"
            pool = 8
            node = "pudong-1"

            [[branches]]
            id = "pudong"
            name = "回访口腔（浦东店）"

            [[branches]]
            id = "berlin"
            name = "Huifang Berlin"
            time_zone = "Europe/Berlin"

            [roles]
            xiaoli = { role = "front-desk", branch = "pudong" }
            "4102" = "manager"

            \(channel)
            """, file: "t.toml")
        #expect(config.store.url == "postgresql:///huifang?host=/run/postgresql" && config.store.pool == 8 && config.store.node == "pudong-1")
        #expect(config.store.isPostgres)
        #expect(config.branches.map(\.id) == ["pudong", "berlin"])
        #expect(config.branch("pudong")?.timeZone == "Asia/Shanghai", "the clinic's zone by default")
        #expect(config.branch("berlin")?.timeZone == "Europe/Berlin")
        #expect(config.roles == ["xiaoli": .frontDesk, "4102": .manager])
        #expect(config.roleBranches == ["xiaoli": "pudong"])
        let plain = try HuifangConfig.parse(channel, file: "t.toml")
        #expect(plain.branches.isEmpty && plain.roleBranches.isEmpty && !plain.store.isPostgres)
    }

    @Test("R-OPS-4 a missing file is an error naming it")
    func missingFile() {
        do {
            _ = try HuifangConfig.load(path: "/nonexistent/huifang.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/huifang.toml: cannot be read"))
        }
    }
}

@Suite struct WakeupTests {
    @Test("R-OPS-1 a signal sent before the wait ends the next wait at once; otherwise the timeout does")
    func signalAndTimeout() async {
        let wakeup = Wakeup()
        wakeup.signal()
        let clock = ContinuousClock()
        // Far below the timeout, with room for a stalled test pool: while the PostgreSQL
        // suites run initdb, both of its threads on this 2-core machine were seen blocked 78 s.
        let early = await clock.measure { await wakeup.wait(timeout: .seconds(600)) }
        #expect(early < .seconds(300))
        let timed = await clock.measure { await wakeup.wait(timeout: .milliseconds(50)) }
        #expect(timed >= .milliseconds(50))
    }

    @Test("R-OPS-4 a burst asks the waiter to hold off until it settles; the hold ends by itself")
    func settling() async {
        let wakeup = Wakeup()
        #expect(wakeup.settlingLeft() == nil)
        wakeup.settle(for: .seconds(120))
        let left = wakeup.settlingLeft()
        #expect(left != nil && left! <= .seconds(120) && left! > .seconds(60))
        wakeup.settle(for: .milliseconds(30))
        let clock = ContinuousClock()
        let start = clock.now
        while wakeup.settlingLeft() != nil && clock.now - start < .seconds(60) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        #expect(clock.now - start >= .milliseconds(30), "the last settle counts, not the first")
        #expect(wakeup.settlingLeft() == nil)
    }

    @Test("R-OPS-1 a signal from another thread wakes a waiting scheduler")
    func signalWhileWaiting() async {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        let waited = await clock.measure {
            async let wait: Void = wakeup.wait(timeout: .seconds(600))
            try? await Task.sleep(for: .milliseconds(20))
            wakeup.signal()
            await wait
        }
        #expect(waited < .seconds(300), "woken by the signal, not by the timeout (see signalAndTimeout)")
    }
}

extension HuifangConfigTests {
    @Test("R-MEM-1 the shipped ladder is the five cards; a star ladder from config works; a tier without from is refused")
    func membershipLadders() throws {
        let shipped = try HuifangConfig.load(path: TestPaths.packageRoot.appendingPathComponent("config/huifang.toml").path)
        #expect(shipped.membership.ladder == TierLadder.fiveCards)
        #expect(shipped.membership.points.excludedCategories == ["drug"])
        var stars = "[membership]\nwelcome_points = 0\n"
        for (name, from) in [("1★", 0), ("2★", 10_000), ("3★", 50_000), ("4★", 100_000), ("5★", 500_000)] {
            stars += "[[membership.tiers]]\nname = \"\(name)\"\nfrom = \(from)\n"
        }
        let config = try HuifangConfig.parse(stars + channel, file: "t.toml")
        #expect(config.membership.ladder.tier(forSpend: 5_000_000)?.name == "3★")
        #expect(config.membership.points.welcomePoints == 0)
        #expect(error("[membership]\n[[membership.tiers]]\nname = \"x\"\n" + channel)?.message.contains("needs from") == true)
    }
}

extension HuifangConfigTests {
    @Test("R-CUS-1 R-KEEP-3 customer notices are templates with defaults; [templates.\"KIND\"] overrides one language, the others keep theirs")
    func noticeTemplates() throws {
        let config = try HuifangConfig.parse(channel + """

            [service]
            name = "安康口腔"

            [templates."arrears.reminder"]
            zh-Hans = "{salutation}您好，您在{clinic}还有{amount}元待付。"
            """, file: "t.toml")
        let zh = Customer(id: 1, name: "王小梅", gender: .female, createdAt: Date())
        var en = zh
        en.locale = .en
        #expect(config.notices.render(.arrearsReminder, for: zh, clinic: config.service.name, ["amount": "1200.00"])
                == "王女士您好，您在安康口腔还有1200.00元待付。")
        #expect(config.notices.render(.arrearsReminder, for: en, clinic: config.service.name, ["amount": "1200.00"])
                .hasPrefix("Hello"), "English keeps its default")
        #expect(config.notices.render(.winBack, for: zh, clinic: config.service.name) == "王女士您好，安康口腔好久不见，期待您再次光临。")
        #expect(HuifangConfig().notices.render(.complaintUpdate, for: zh, clinic: "x",
                                               ["detail": CustomerNotice.detail("", locale: .zhHans)]) == "王女士您好，您反馈的问题我们正在处理",
                "an empty note adds no dangling colon")

        let unknownVariable = try #require(error(channel + "\n[templates.\"points.expiry_warning\"]\nzh-Hans = \"{points}积分{tier}\"\n"))
        #expect(unknownVariable.description.contains("points.expiry_warning") && unknownVariable.position?.line == 5)
        let unknownKind = try #require(error(channel + "\n[templates.\"retention.hello\"]\nzh-Hans = \"x\"\n"))
        #expect(unknownKind.description.contains("arrears.reminder"), "the error lists the kinds there are")
    }
}

@Suite struct HTTPConfigTests {
    @Test("R-IN-4 listen addresses and allow-lists read IPv4, IPv6 and CIDR blocks")
    func addresses() throws {
        #expect(HostPort.parse("127.0.0.1:8790") == HostPort(host: "127.0.0.1", port: 8790))
        #expect(HostPort.parse("[::1]:8790") == HostPort(host: "::1", port: 8790))
        #expect(HostPort.parse("[::1]:8790")?.description == "[::1]:8790")
        #expect(HostPort.parse("localhost:8790") == nil)
        #expect(HostPort.parse("127.0.0.1:70000") == nil)
        let block = try #require(IPAddressMatch.parse("106.11.0.0/16"))
        #expect(block.contains(try #require(IPAddressMatch.address("106.11.200.3"))))
        #expect(!block.contains(try #require(IPAddressMatch.address("106.12.0.1"))))
        #expect(block.contains(try #require(IPAddressMatch.address("::ffff:106.11.0.9"))), "an IPv4-mapped peer")
        let loopback6 = try #require(IPAddressMatch.parse("::1"))
        #expect(loopback6.contains(try #require(IPAddressMatch.address("::1"))))
        #expect(!loopback6.contains(try #require(IPAddressMatch.address("127.0.0.1"))))
    }
}
