import HuifangCore

/// `[[services]]`: the catalogue (R-BIZ-1). Each needs an id and a Chinese name; names and
/// aliases answer for one service only; the protocols it names must exist.
extension HuifangConfig {
    static func readServices(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        var seen: [String: String] = [:]   // folded name → service id
        for var s in try root.tables("services") {
            let id = try s.string("id")
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw s.error("[[services]] id '\(id.prefix(40))' may hold only letters, digits, '-' and '_'", at: s.position(of: "id"))
            }
            var names: [MessageLocale: String] = [:]
            if var t = try s.table("name") {
                for locale in MessageLocale.allCases {
                    if let (name, _) = try t.optionalString(locale.rawValue), !name.isEmpty { names[locale] = name }
                }
                try t.rejectUnknownKeys(allowed: MessageLocale.allCases.map(\.rawValue))
            }
            guard names[.zhHans] != nil else {
                throw s.error("[[services]] '\(id)' needs name = { zh-Hans = \"…\" }: what customers read", at: s.table.position)
            }
            let aliases = try s.stringArray("aliases") ?? []
            let entry = ServiceEntry(id: id, names: names, aliases: aliases.map(\.0), category: try s.string("category", default: ""),
                                     protocols: try s.stringArray("protocols")?.map(\.0) ?? [])
            for key in entry.keys {
                if let other = seen[key], other != id {
                    throw s.error("[[services]] '\(id)' answers to '\(key)', which already names service '\(other)'", at: s.table.position)
                }
                seen[key] = id
            }
            try s.rejectUnknownKeys(allowed: ["id", "name", "aliases", "category", "protocols"])
            config.services.services.append(entry)
        }
    }

    /// Services must name configured protocols; checked once both are read.
    static func checkServiceProtocols(_ config: HuifangConfig, file: String) throws(ConfigError) {
        if config.services.isEmpty, let bare = config.protocols.first(where: { $0.services.isEmpty }) {
            throw ConfigError(file: file, position: nil,
                              message: "[[protocols]] '\(bare.id)' needs services = [\"SERVICE\", …] (or [\"*\"] for every visit), or a [[services]] entry that names it in its protocols")
        }
        let known = Set(config.protocols.map(\.id))
        for service in config.services.services {
            for id in service.protocols where !known.contains(id) {
                throw ConfigError(file: file, position: nil,
                                  message: "[[services]] '\(service.id)' names protocol '\(id)', which no [[protocols]] has (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }
}
