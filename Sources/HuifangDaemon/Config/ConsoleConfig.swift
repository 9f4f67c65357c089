/// `[console]`: the staff web console on the `[http]` listener (R-PPL-5).
public struct ConsoleSettings: Sendable, Equatable {
    public var enabled = true
    /// A session not used for this long ends.
    public var idleMinutes = 30
    /// Failed logins in a row that lock an account, and for how long.
    public var maxFailedLogins = 5
    public var lockoutMinutes = 15
    /// Login attempts per source address per minute.
    public var loginsPerMinute = 10
}

extension HuifangConfig {
    static func readConsole(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("console") else { return }
        config.console.enabled = try t.bool("enabled", default: config.console.enabled)
        config.console.idleMinutes = try t.int("idle_minutes", default: config.console.idleMinutes, range: 1...1440)
        config.console.maxFailedLogins = try t.int("max_failed_logins", default: config.console.maxFailedLogins, range: 1...100)
        config.console.lockoutMinutes = try t.int("lockout_minutes", default: config.console.lockoutMinutes, range: 1...1440)
        config.console.loginsPerMinute = try t.int("logins_per_minute", default: config.console.loginsPerMinute, range: 1...1000)
        try t.rejectUnknownKeys(allowed: ["enabled", "idle_minutes", "max_failed_logins", "lockout_minutes", "logins_per_minute"])
    }
}
