import ArgumentParser
import HuifangControl

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the store up, list backups, verify one (managers).",
        subcommands: [Now.self, List.self, Verify.self])

    struct Now: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Back up now; prints the file.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (backup, raw) = try global.call("backup.now", NoArgs(), as: BackupView.self)
            global.output(raw) { print(backup.file) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The backups kept, newest first.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (backups, raw) = try global.call("backup.list", NoArgs(), as: [BackupView].self)
            global.output(raw) { Table.print(header: ["AT", "BYTES", "FILE"], rows: backups.map { [$0.at, "\($0.bytes)", $0.file] }) }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a backup: integrity and schema version. Exits 1 if it is not sound.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The backup file.") var file: String
        func run() throws {
            let (verdict, raw) = try global.call("backup.verify", BackupVerifyArgs(file: file), as: BackupVerdictView.self)
            global.output(raw) {
                print("\(verdict.ok ? "ok" : "NOT OK"): integrity \(verdict.integrity); schema \(verdict.schema.last ?? "none") (\(verdict.schema.count) migrations)")
            }
            if !verdict.ok { throw ExitCode(1) }
        }
    }
}
