import HuifangCore

/// `[membership]` (R-MEM): the tier ladder and the points policy.
public struct MembershipConfig: Sendable, Equatable {
    public var ladder = TierLadder.fiveCards
    public var points = PointsPolicy()
    /// R-MEM-3: months between tier reviews (a divisor of 12; default a quarter).
    public var reviewMonths = 3
}

extension HuifangConfig {
    /// ```toml
    /// [membership]
    /// points_per_100 = 5
    /// excluded_categories = ["drug"]
    /// welcome_points = 100
    /// [[membership.tiers]]
    /// name = "VIP"
    /// from = 50000          # cumulative spend, whole currency units
    /// discount_percent = 0
    /// benefits = ["生日礼"]
    /// ```
    static func readMembership(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("membership") else { return }
        config.membership.points.pointsPer100 = try t.int("points_per_100", default: config.membership.points.pointsPer100, range: 0...100)
        config.membership.points.welcomePoints = try t.int("welcome_points", default: config.membership.points.welcomePoints, range: 0...100_000)
        config.membership.reviewMonths = try t.int("review_months", default: 3, range: 1...12)
        if 12 % config.membership.reviewMonths != 0 {
            throw t.error("[membership] review_months must divide the year: 1, 2, 3, 4, 6 or 12", at: t.position(of: "review_months"))
        }
        if let categories = try t.stringArray("excluded_categories") {
            config.membership.points.excludedCategories = Set(categories.map(\.0))
        }
        let tiers = try t.tables("tiers")
        if !tiers.isEmpty {
            var ladder: [Tier] = []
            for var tier in tiers {
                let name = try tier.string("name")
                let from = try tier.int("from", default: -1, range: 0...1_000_000_000)
                if from < 0 { throw tier.error("[[membership.tiers]] '\(name)' needs from (the cumulative spend, in whole units)", at: nil) }
                if ladder.contains(where: { $0.name == name || $0.fromMinor == Int64(from) * 100 }) {
                    throw tier.error("[[membership.tiers]] '\(name)' repeats a name or a from of another tier", at: tier.position(of: "from"))
                }
                let discount = try tier.int("discount_percent", default: 0, range: 0...100)
                let benefits = try tier.stringArray("benefits")?.map(\.0) ?? []
                let visits = try tier.table.keys.contains("visits") ? tier.int("visits", default: 0, range: 1...1000) : nil
                try tier.rejectUnknownKeys(allowed: ["name", "from", "discount_percent", "benefits", "visits"])
                ladder.append(Tier(name: name, fromMinor: Int64(from) * 100, discountPercent: discount, benefits: benefits, visits: visits))
            }
            config.membership.ladder = TierLadder(ladder)
        }
        try t.rejectUnknownKeys(allowed: ["points_per_100", "welcome_points", "excluded_categories", "tiers", "review_months"])
    }
}

/// `[reports]` (R-REP-4): when the daily and weekly reports go out, and on which channel.
public struct ReportsConfig: Sendable, Equatable {
    /// nil: the channel named "report", if there is one.
    public var channel: String?
    public var schedule = ReportSchedule(dailyAt: LocalTime("20:00")!, weeklyDay: 7)
    /// false: reports are only read from huifangctl.
    public var deliver = true
}

extension HuifangConfig {
    static func readReports(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("reports") else { return }
        config.reports.channel = try t.optionalString("channel")?.0
        config.reports.deliver = try t.bool("deliver", default: true)
        if let (text, position) = try t.optionalString("daily_at") {
            guard let time = LocalTime(text), time.hour < 24 else {
                throw t.error("[reports] daily_at must be HH:MM, not '\(text)'", at: position)
            }
            config.reports.schedule.dailyAt = time
        }
        if let (text, position) = try t.optionalString("weekly_day") {
            guard let index = ReportSchedule.weekdays.firstIndex(of: text.lowercased()) else {
                throw t.error("[reports] weekly_day must be one of \(ReportSchedule.weekdays.joined(separator: ", ")), not '\(text)'", at: position)
            }
            config.reports.schedule.weeklyDay = index + 1
        }
        try t.rejectUnknownKeys(allowed: ["channel", "deliver", "daily_at", "weekly_day"])
    }

    /// The channel reports go to, if they are delivered at all.
    public var reportChannel: String? {
        guard reports.deliver else { return nil }
        let name = reports.channel ?? "report"
        return channel(named: name) != nil ? name : nil
    }

    /// Where reports go: the chain's to the report channel, and each branch with a
    /// `report_channel` its own there. Empty when reports are not delivered.
    public var reportRecipients: [(branch: Branch?, channel: String)] {
        guard reports.deliver else { return [] }
        return (reportChannel.map { [(branch: nil, channel: $0)] } ?? [])
            + branches.compactMap { branch in branch.reportChannel.map { (branch: branch, channel: $0) } }
    }
}
