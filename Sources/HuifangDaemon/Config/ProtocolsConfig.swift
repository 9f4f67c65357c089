import HuifangCore

/// `[[protocols]]` with their `[[protocols.steps]]` (R-FU-1…5, 8): read and checked at load.
extension HuifangConfig {
    static func readProtocols(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        for var p in try root.tables("protocols") {
            let id = try p.string("id")
            // With a [[services]] catalogue the services name their protocols; without one,
            // the protocol names its services (checked in checkServiceProtocols).
            let services = try p.stringArray("services")?.map(\.0) ?? []
            var steps: [ProtocolStep] = []
            for var s in try p.tables("steps") {
                let stepId = try s.string("id")
                let atText = try s.string("at")
                guard let timing = StepTiming(atText) else {
                    throw s.error("[[protocols.steps]] '\(stepId)' at must be like \"2h\", \"day 3\", \"day 3-5\", \"2 weeks\" or \"1 month\", not '\(atText)'",
                                  at: s.position(of: "at"))
                }
                let channel = try s.string("channel")
                var assignee: StaffRole?
                if let (role, position) = try s.optionalString("assignee") {
                    guard let parsed = StaffRole(rawValue: role) else {
                        throw s.error("[[protocols.steps]] '\(stepId)' assignee must be one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))",
                                      at: position)
                    }
                    assignee = parsed
                }
                if channel == ChannelName.staffTask && assignee == nil {
                    throw s.error("[[protocols.steps]] '\(stepId)' is a staff task and needs an assignee", at: s.table.position)
                }
                var byLocale: [MessageLocale: MessageTemplate] = [:]
                if var text = try s.table("text") {
                    for locale in MessageLocale.allCases {
                        guard let (source, position) = try text.optionalString(locale.rawValue) else { continue }
                        do {
                            byLocale[locale] = try MessageTemplate(source, allowed: FollowUpProtocol.variables)
                        } catch {
                            throw text.error("[[protocols.steps]] '\(stepId)' text \(locale.rawValue) \(error.description)", at: position)
                        }
                    }
                    try text.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
                }
                guard !byLocale.isEmpty else {
                    throw s.error("[[protocols.steps]] '\(stepId)' needs text = { zh-Hans = \"…\" }", at: s.table.position)
                }
                try s.rejectUnknownKeys(allowed: ["id", "at", "channel", "assignee", "text"])
                steps.append(ProtocolStep(id: stepId, timing: timing, channel: channel, assignee: assignee,
                                          text: LocalizedTemplate(byLocale)))
            }
            let restart = try p.table.keys.contains("restart_within_days")
                ? p.int("restart_within_days", default: 365, range: 1...3650) : nil
            try p.rejectUnknownKeys(allowed: ["id", "services", "steps", "restart_within_days"])
            config.protocols.append(FollowUpProtocol(id: id, services: services, steps: steps, restartWithinDays: restart))
        }
    }

    /// Steps must name configured channels; checked once the channels are read.
    static func checkProtocolChannels(_ config: HuifangConfig, file: String) throws(ConfigError) {
        for proto in config.protocols {
            for step in proto.steps where config.channel(named: step.channel) == nil {
                throw ConfigError(file: file, position: nil,
                                  message: "[[protocols]] '\(proto.id)' step '\(step.id)' uses channel '\(step.channel)', which is not configured")
            }
        }
    }
}
