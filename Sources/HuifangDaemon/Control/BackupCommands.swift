import Foundation
import HuifangControl
import HuifangCore
import HuifangStore

/// backup.now, backup.list, backup.verify, backup.restore (R-OPS-3).
enum BackupCommands {
    static let all = [now, list, verify, restore]

    static let now = CommandHandler(API.BackupNow.self) { (_: NoArgs, context) throws(HuifangError) in
        let backup = try storeCall(context, "backing up") { try context.backups.backupNow() }
        return view(backup)
    }

    static let list = CommandHandler(API.BackupList.self) { (_: NoArgs, context) throws(HuifangError) in
        try storeCall(context, "listing backups") { try context.backups.list() }.map(view)
    }

    static let verify = CommandHandler(API.BackupVerify.self) { (args: BackupVerifyArgs, context) throws(HuifangError) in
        let verdict = try storeCall(context, "verifying a backup") { try SQLiteStore.verifyBackup(at: args.file) }
        return BackupVerdictView(file: args.file, ok: verdict.ok, integrity: verdict.integrity, schema: verdict.migrations)
    }

    static let restore = CommandHandler(API.BackupRestore.self) { (args: BackupRestoreArgs, context) throws(HuifangError) in
        guard args.confirm else {
            throw .invalid("confirm", "restoring replaces every row written since the backup was made; add --confirm (the store as it is will be kept as a backup first)")
        }
        let restored = try context.backups.restore(from: args.file, health: context.health, endpoints: context.endpoints,
                                                   wakeup: context.schedulerWakeup)
        context.greetingWakeup.signal()
        return BackupRestoreView(file: restored.from, savedAs: restored.savedAs, migrationsApplied: restored.migrationsApplied,
                                 requeued: restored.requeued)
    }

    static func view(_ backup: BackupManager.Backup) -> BackupView {
        BackupView(file: backup.path, at: ControlCoding.timestamp(backup.at), bytes: backup.size)
    }
}
