import Foundation
import HuifangDelivery

/// The shipped business profiles (R-BIZ-2): `huifangd init --profile NAME --name 店名` prints
/// a complete, commented config for one of the five businesses Huifang was made from. The
/// common part (paths, listener, channels with fresh secrets, windows, the national and
/// lunar holidays) is written here; each profile adds its services, protocols with its
/// manual's intervals, tiers, its own occasions and texts.
public enum Profiles {
    public struct Options: Sendable {
        public var name: String
        public var zone = "Asia/Shanghai"
        /// Where the store, backups and the control socket live.
        public var stateDirectory = "/var/lib/huifang"
        public var socket = "/run/huifang/control.sock"
        /// The business's gateway; each channel posts to `gateway/CHANNEL`.
        public var gateway = "http://127.0.0.1:8788"
        public var listen = "127.0.0.1:8790"
        /// One secret for every channel (a demo's sink); nil: a fresh one each.
        public var secret: String?

        public init(name: String) { self.name = name }
    }

    public struct Profile: Sendable {
        public var id: String
        public var title: String
        /// Lines added to `[greetings]`.
        public var greetings = ""
        public var body: String
    }

    public static let all: [Profile] = [AestheticProfile.profile, DentalProfile.profile, TCMProfile.profile, GroomingProfile.profile,
                                        ClubProfile.profile]

    public static func named(_ id: String) -> Profile? { all.first { $0.id == id } }

    /// Whether `text` is a signing secret a channel takes (`whsec_…`).
    public static func isSecret(_ text: String) -> Bool { (try? WebhookSecret(parsing: text)) != nil }

    /// The whole config file.
    public static func render(_ profile: Profile, _ options: Options) -> String {
        let quoted = { (text: String) in text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        var text = header(profile, options) + profile.body
        text = text.replacingOccurrences(of: "{{name}}", with: quoted(options.name))
        return text
    }

    private static func header(_ profile: Profile, _ o: Options) -> String {
        func channel(_ name: String, _ extra: String = "") -> String {
            """
            [channels.\(name)]
            url = "\(o.gateway)/\(name)"
            secret = "\(o.secret ?? WebhookSecret.generateText())"
            timeout_ms = 10000
            \(extra)
            """
        }
        return """
            # Huifang 回访 — \(profile.title)
            # Made by `huifangd init --profile \(profile.id)`. Every key is explained in
            # config/huifang.toml (the annotated reference) and in the README. Check a change with
            # `huifangd --config FILE --check-config`; `systemctl reload huifangd` applies it.

            [service]
            # The business's own name: every text customers read says it.
            name = "{{name}}"
            default_time_zone = "\(o.zone)"
            default_region = "CN"

            [store]
            path = "\(o.stateDirectory)/huifang.sqlite"

            [control]
            socket = "\(o.socket)"

            [http]
            # Loopback: put a TLS reverse proxy in front for gateways and staff phones.
            listen = "\(o.listen)"

            [console]
            idle_minutes = 30

            [backup]
            directory = "\(o.stateDirectory)/backups"

            [delivery]
            # An SMS that fails for good is tried by WeChat, then e-mail (R-DLV-4).
            fallback_order = ["sms", "wechat", "email"]
            marketing_cap = 2
            marketing_cap_days = 7

            [windows]
            messages = ["09:00-21:00"]
            calls = ["11:00-12:30", "14:30-17:30", "19:30-20:30"]
            staff = ["08:30-21:00"]

            [greetings]
            channels = ["wechat", "sms", "email"]
            birthday_time = "10:00"
            # A tier whose benefits name a birthday gift gets a front-desk task this many days before.
            gift_days_before = 3
            \(profile.greetings)

            [templates."birthday.greeting"]
            zh-Hans = "{salutation}，{clinic}祝您生日快乐，身体健康，万事如意！"
            zh-Hant = "{salutation}，{clinic}祝您生日快樂，身體健康，萬事如意！"
            en = "Happy birthday, {salutation}! Warm wishes from all of us at {clinic}."

            [templates."holiday.greeting"]
            zh-Hans = "{salutation}，{clinic}恭祝您{holiday}快乐，阖家安康！"
            zh-Hant = "{salutation}，{clinic}恭祝您{holiday}快樂，闔家安康！"
            en = "{clinic} wishes you a happy {holiday}, {salutation}!"

            [[holidays]]
            id = "spring-festival"
            lunar = "01-01"
            time = "09:30"
            name = { zh-Hans = "春节", zh-Hant = "春節", en = "Spring Festival" }

            [[holidays]]
            id = "mid-autumn"
            lunar = "08-15"
            time = "10:00"
            name = { zh-Hans = "中秋节", zh-Hant = "中秋節", en = "Mid-Autumn Festival" }

            # One table per channel: the gateway's URL and the secret it verifies signatures with
            # (fresh for this file: give each to its gateway).
            \(channel("sms", "signature = \"【{{name}}】\"\nunsubscribe_footer = \"拒收请回复R\""))
            \(channel("wechat"))
            \(channel("email"))
            \(channel("staff-task"))

            """
    }
}
