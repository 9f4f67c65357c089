import ArgumentParser
import Foundation
import HuifangControl

struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administration (admin; plan-now for managers too).", subcommands: [RotateKey.self, LogLevel.self, PlanNow.self, CopyStore.self])

    struct CopyStore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy-store",
            abstract: API.AdminCopyStore.abstract,
            discussion: """
                The daemon copies its SQLite store, as it is at that moment, into the PostgreSQL database (which \
                must be empty: create it with createdb), in one transaction, and compares every table's row \
                count. Then stop huifangd, set [store] url to the database and start the nodes.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The empty PostgreSQL database, e.g. postgresql:///huifang?host=/run/postgresql") var to: String

        func run() throws {
            let result = try global.call(API.AdminCopyStore.self, CopyStoreArgs(to: to))
            global.output(result) {
                for table in result.tables where table.rows > 0 {
                    print("\(table.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(table.rows)")
                }
                print("copied \(result.rows) rows in \(result.tables.count) tables to \(result.target) in \(String(format: "%.1f", result.seconds)) s; every count matches")
            }
        }
    }

    struct PlanNow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan-now", abstract: API.AdminPlanNow.abstract)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let run = try global.call(API.AdminPlanNow.self, NoArgs())
            global.output(run) {
                print("greetings: read \(run.greetingsRead) customers, planned \(run.greetingsPlanned) messages in \(run.greetingsMs) ms")
                print("retention: read \(run.retentionRead) customers in \(run.retentionMs) ms")
                print("memberships: read \(run.membershipRead) accounts in \(run.membershipMs) ms")
            }
        }
    }

    struct LogLevel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log-level", abstract: API.AdminLogLevel.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "trace, debug, info, notice, warning, error or critical.") var level: String

        func run() throws {
            let result = try global.call(API.AdminLogLevel.self, LogLevelArgs(level: level))
            global.output(result) { print("log level \(result.level)") }
        }
    }

    struct RotateKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-key",
            abstract: API.AdminRotateKey.abstract,
            discussion: """
                The daemon reads NEW_KEY_FILE (32 random bytes, raw, base64 or hex; not readable by others), \
                re-encrypts every health record with it and uses it from then on. Then point [security] key_file \
                at the new file (or install it where the old one was) before the next start: huifangd refuses \
                to start with a key that does not open the store's records.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new key file, as the daemon can read it.") var newKeyFile: String

        func run() throws {
            let path = URL(fileURLWithPath: newKeyFile).standardizedFileURL.path
            let result = try global.call(API.AdminRotateKey.self, RotateKeyArgs(keyFile: path))
            global.output(result) {
                print("re-sealed \(result.resealed) health record\(result.resealed == 1 ? "" : "s") with key \(result.newKey) (was \(result.oldKey ?? "none"))")
                print("now set [security] key_file = \"\(path)\" in the config")
            }
        }
    }
}
