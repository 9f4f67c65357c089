import HuifangCore

/// `[appointments]` (R-APT-2…4) and `[templates."appointment.reminder"]`.
extension HuifangConfig {
    static func readAppointments(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        var settings = AppointmentSettings(template: DefaultTemplates.appointmentReminder)
        if var t = try root.table("appointments") {
            settings.reminderLead = Double(try t.int("reminder_hours", default: 24, range: 1...24 * 14)) * 3600
            settings.secondReminderLead = Double(try t.int("second_reminder_hours", default: 2, range: 1...48)) * 3600
            settings.secondReminderServices = try t.stringArray("second_reminder_services")?.map(\.0) ?? []
            settings.confirmationRetryAfter = Double(try t.int("confirmation_retry_hours", default: 4, range: 1...48)) * 3600
            settings.checkInGrace = Double(try t.int("check_in_grace_minutes", default: 15, range: 1...240)) * 60
            if let channels = try t.stringArray("channels") { settings.channels = channels.map(\.0) }
            if var text = try t.table("reminder_text") {
                var byLocale = settings.template.byLocale
                for locale in MessageLocale.allCases {
                    guard let (source, position) = try text.optionalString(locale.rawValue) else { continue }
                    do {
                        byLocale[locale] = try MessageTemplate(source, allowed: AppointmentSettings.variables)
                    } catch {
                        throw text.error("[appointments] reminder_text \(locale.rawValue) \(error.description)", at: position)
                    }
                }
                try text.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
                settings.template = LocalizedTemplate(byLocale)
            }
            for var p in try t.tables("preparation") {
                let services = try p.stringArray("services")?.map(\.0) ?? []
                guard !services.isEmpty else { throw p.error("[[appointments.preparation]] needs services = [\"SERVICE\", …]", at: p.table.position) }
                let hours = try p.int("before_hours", default: 24, range: 1...24 * 14)
                var byLocale: [MessageLocale: MessageTemplate] = [:]
                if var text = try p.table("text") {
                    for locale in MessageLocale.allCases {
                        guard let (source, position) = try text.optionalString(locale.rawValue) else { continue }
                        do {
                            byLocale[locale] = try MessageTemplate(source, allowed: AppointmentSettings.variables)
                        } catch {
                            throw text.error("[[appointments.preparation]] text \(locale.rawValue) \(error.description)", at: position)
                        }
                    }
                    try text.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
                }
                guard !byLocale.isEmpty else { throw p.error("[[appointments.preparation]] needs text = { zh-Hans = \"…\" }", at: p.table.position) }
                try p.rejectUnknownKeys(allowed: ["services", "before_hours", "text"])
                settings.preparations.append(.init(services: services, lead: Double(hours) * 3600, template: LocalizedTemplate(byLocale)))
            }
            try t.rejectUnknownKeys(allowed: ["reminder_hours", "second_reminder_hours", "second_reminder_services",
                                              "confirmation_retry_hours", "check_in_grace_minutes",
                                              "channels", "reminder_text", "preparation"])
        }
        config.appointments = settings
    }
}
