import Foundation
import HuifangControl
import HuifangCore

/// Health data (R-CUS-2): read and written only by the clinical roles (and admin), sealed
/// with AES-GCM in the store, every read and change in the audit log.
enum HealthCommands {
    static let all = [show, set, rotateKey]

    static let show = CommandHandler(API.CustomerHealth.self) { (args: IDArgs, context) throws(HuifangError) in
        try requireCustomer(args.id, context)
        let sealed = try storeCall(context, "reading health data") { try context.store.sealedHealth(customerId: args.id) }
        let record = try context.health.withKey { key throws(HuifangError) in try sealed.map(key.open) ?? HealthRecord() }
        context.audit(command: "customer.health", customerId: args.id, outcome: .ok, detail: "read health data")
        return HealthView(customer: args.id, record: record, updatedAt: sealed.map { ControlCoding.timestamp($0.updatedAt) })
    }

    static let set = CommandHandler(API.CustomerHealthSet.self) { (args: HealthSetArgs, context) throws(HuifangError) in
        let update = args.fields
        guard !update.isEmpty else {
            throw HuifangError(.invalidArgument, "give at least one of \(HealthRecord.fieldNames.joined(separator: ", "))")
        }
        for (name, value) in [("symptoms", update.symptoms), ("history", update.history), ("allergies", update.allergies),
                              ("family_history", update.familyHistory), ("assessment", update.assessment)] {
            if let value, value.utf8.count > 16_384 { throw .invalid(name, "is longer than 16384 bytes") }
        }
        try requireCustomer(args.id, context)
        let now = context.clock.now()
        let sealed = try context.health.withKey { key throws(HuifangError) -> SealedHealth in
            let stored = try storeCall(context, "reading health data") { try context.store.sealedHealth(customerId: args.id) }
            let record = try (stored.map(key.open) ?? HealthRecord()).merged(with: update)
            let sealed = try key.seal(record, customerId: args.id, at: now)
            try storeCall(context, "saving health data") { try context.store.saveSealedHealth(sealed) }
            return sealed
        }
        return HealthView(customer: args.id, record: try context.health.withKey { key throws(HuifangError) in try key.open(sealed) },
                          updatedAt: ControlCoding.timestamp(sealed.updatedAt))
    }

    static let rotateKey = CommandHandler(API.AdminRotateKey.self) { (args: RotateKeyArgs, context) throws(HuifangError) in
        let new = try HealthKey.load(path: args.keyFile)
        let result = try context.health.rotate(to: new) { old throws(HuifangError) -> RotateKeyResult in
            if old?.id == new.id { throw .invalid("key_file", "holds the key in force already (\(new.id))") }
            // One unit of work: every record is re-sealed, or (any failing) none is.
            let count = try storeCall(context, "re-sealing health data") {
                try context.store.unitOfWork { () throws -> Int in
                    let records = try context.store.allSealedHealth()
                    for sealed in records {
                        guard let old else {
                            throw HuifangError(.notConfigured, "health data needs a key: set [security] key_file in the config")
                        }
                        try context.store.saveSealedHealth(try new.seal(try old.open(sealed), customerId: sealed.customerId,
                                                                        at: sealed.updatedAt))
                    }
                    return records.count
                }
            }
            return RotateKeyResult(resealed: count, oldKey: old?.id, newKey: new.id)
        }
        context.logger.notice("health data re-sealed with a new key; point [security] key_file at it before the next start",
                              metadata: ["huifang.key": "\(new.id)", "huifang.count": "\(result.resealed)"])
        return result
    }

    private static func requireCustomer(_ id: Int64, _ context: CommandContext) throws(HuifangError) {
        _ = try liveCustomer(id, field: "id", context)
    }
}
