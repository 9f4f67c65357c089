import HuifangControl
import HuifangCore

/// service.list (R-BIZ-1).
enum ServiceCommands {
    static let all = [list]

    static let list = CommandHandler(API.ServiceList.self) { (_: NoArgs, context) throws(HuifangError) in
        context.config.snapshot.services.services.map { service in
            ServiceView(id: service.id, names: Dictionary(uniqueKeysWithValues: service.names.map { ($0.key.rawValue, $0.value) }),
                        aliases: service.aliases, category: service.category, protocols: service.protocols)
        }
    }
}
