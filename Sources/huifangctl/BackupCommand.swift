import ArgumentParser
import HuifangControl

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the store up, list backups, verify one (managers).",
        subcommands: [Now.self, List.self, Verify.self])

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
            if !verdict.ok { throw ExitCode(1) }
        }
    }
}
