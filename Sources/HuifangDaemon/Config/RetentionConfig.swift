import HuifangCore

extension HuifangConfig {
    /// ```toml
    /// [retention]
    /// dormant_days = 90
    /// frequent_visits = 4        # visits in 12 months from which frequency is high
    /// high_spend = 10000         # spend in 12 months (whole units) from which spend is high
    /// arrears_every_days = 7
    /// arrears_suspend_after = 3
    /// [retention.cadence_days]   # days between care calls, per segment
    /// high-frequency-high-spend = 30
    /// ```
    static func readRetention(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("retention") else { return }
        var r = config.retention
        r.dormantDays = try t.int("dormant_days", default: r.dormantDays, range: 1...3650)
        r.frequentVisits = try t.int("frequent_visits", default: r.frequentVisits, range: 1...365)
        r.highSpendMinor = Int64(try t.int("high_spend", default: Int(r.highSpendMinor / 100), range: 0...1_000_000_000)) * 100
        r.arrearsEveryDays = try t.int("arrears_every_days", default: r.arrearsEveryDays, range: 1...365)
        r.arrearsSuspendAfter = try t.int("arrears_suspend_after", default: r.arrearsSuspendAfter, range: 1...100)
        if var cadence = try t.table("cadence_days") {
            for segment in Segment.allCases {
                r.cadenceDays[segment] = try cadence.int(segment.rawValue, default: r.cadenceDays[segment] ?? 0, range: 0...3650)
            }
            try cadence.rejectUnknownKeys(allowed: Segment.allCases.map(\.rawValue))
        }
        try t.rejectUnknownKeys(allowed: ["dormant_days", "frequent_visits", "high_spend", "arrears_every_days",
                                          "arrears_suspend_after", "cadence_days"])
        config.retention = r
    }
}
