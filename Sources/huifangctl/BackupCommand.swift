import Foundation
import ArgumentParser
import HuifangControl

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the store up, list backups, verify one (managers); restore one (admin).",
        subcommands: [Now.self, List.self, Verify.self, Restore.self])

    struct Now: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.BackupNow.abstract)
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let backup = try global.call(API.BackupNow.self, NoArgs())
            global.output(backup) { print(backup.file) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.BackupList.abstract)
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let backups = try global.call(API.BackupList.self, NoArgs())
            global.output(backups) { Table.print(header: ["AT", "BYTES", "FILE"], rows: backups.map { [LocalTimeText.show($0.at), "\($0.bytes)", $0.file] }) }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.BackupVerify.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The backup file.") var file: String
        func run() throws {
            let verdict = try global.call(API.BackupVerify.self, BackupVerifyArgs(file: file))
            global.output(verdict) {
                print("\(verdict.ok ? "ok" : "NOT OK"): integrity \(verdict.integrity); schema \(verdict.schema.last ?? "none") (\(verdict.schema.count) migrations)")
            }
            if !verdict.ok { throw ExitCode(65) }   // EX_DATAERR
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.BackupRestore.abstract,
            discussion: "Every row written since the backup was made is replaced; the store as it is now is kept as a new backup first, named in the output.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The backup file (huifangctl backup list).") var file: String
        @Flag(help: "Yes, replace the store with the backup.") var confirm = false
        func run() throws {
            // The daemon reads the path: make it absolute from here.
            let path = URL(fileURLWithPath: file).path
            let restored = try global.call(API.BackupRestore.self, BackupRestoreArgs(file: path, confirm: confirm))
            global.output(restored) {
                print("restored from \(restored.file)")
                print("the store as it was is kept in \(restored.savedAs)")
                if restored.migrationsApplied > 0 { print("schema brought up to date: \(restored.migrationsApplied) migrations") }
                if restored.requeued > 0 { print("\(restored.requeued) messages the backup held in flight are queued again") }
            }
        }
    }
}
