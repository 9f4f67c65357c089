import Foundation
import HuifangControl
import HuifangCore
import HuifangStore

/// backup.now, backup.list, backup.verify (R-OPS-3).
enum BackupCommands {
    static let all = [now, list, verify]

    static let now = ControlCommand.make(
        "backup.now", access: .managers, mutates: true, usage: "backup.now", summary: "back the store up now (online)"
    ) { (_: NoArgs, context) throws(HuifangError) in
        let backup = try storeCall(context, "backing up") { try context.backups.backupNow() }
        return view(backup)
    }

    static let list = ControlCommand.make(
        "backup.list", access: .managers, usage: "backup.list", summary: "the backups kept, newest first"
    ) { (_: NoArgs, context) throws(HuifangError) in
        try storeCall(context, "listing backups") { try context.backups.list() }.map(view)
    }

    static let verify = ControlCommand.make(
        "backup.verify", access: .managers, usage: "backup.verify {file}", summary: "integrity check and schema version of a backup"
    ) { (args: BackupVerifyArgs, context) throws(HuifangError) in
        let verdict = try storeCall(context, "verifying a backup") { try SQLiteStore.verifyBackup(at: args.file) }
        return BackupVerdictView(file: args.file, ok: verdict.ok, integrity: verdict.integrity, schema: verdict.migrations)
    }

    static func view(_ backup: BackupManager.Backup) -> BackupView {
        BackupView(file: backup.path, at: ControlCoding.timestamp(backup.at), bytes: backup.size)
    }
}
