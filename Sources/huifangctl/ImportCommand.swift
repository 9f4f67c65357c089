import ArgumentParser
import Foundation
import HuifangControl
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import records from CSV files (managers).", subcommands: [Customers.self])

    struct Customers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import customers from a CSV file (UTF-8, a byte-order mark is fine, a header row first).",
            discussion: """
                Header names map to fields in English or Chinese: name/姓名, phone/手机, email/邮箱, wechat/微信, \
                birthday/生日 (YYYY-MM-DD), lunar_birthday/农历 (是/否), gender/性别, tz/时区, locale/语言, \
                tags/标签 (separated by ;), notes/备注. --map 'HEADER=FIELD' maps another name, --map 'HEADER=-' \
                ignores a column. Every row is checked first; if any is invalid nothing is written (errors name the \
                line) unless --skip-invalid. Rows whose phone belongs to a customer already are skipped, so an \
                import can be run again. Exit codes: 0 imported (or a clean dry run), 65 invalid file or rows.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; write nothing.") var dryRun = false
        @Flag(help: "Import the valid rows even if some are invalid.") var skipInvalid = false
        @Option(name: .customLong("map"), help: "HEADER=FIELD, or HEADER=- to ignore a column; repeatable.") var maps: [String] = []

        func validate() throws {
            for map in maps where !map.contains("=") {
                throw ValidationError("--map takes HEADER=FIELD, not '\(map)'")
            }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw fail("\(file): cannot be read")
            }
            var overrides: [String: String] = [:]
            for map in maps {
                let parts = map.split(separator: "=", maxSplits: 1).map(String.init)
                overrides[parts[0]] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            }
            let prepared: CustomerImportFile
            do {
                prepared = try CustomerImportFile(data, overrides: overrides)
            } catch {
                throw fail("\(file):\(error.line.map { "\($0):" } ?? "") \(error.message)")
            }

            let client: ControlClient
            do {
                client = try ControlClient(socketPath: global.socket)
            } catch {
                throw Exit.fail(error)
            }
            let batches = CustomerImportFile.batches(prepared.rows)
            let progress = Progress(total: prepared.rows.count)

            // Pass 1: every row checked by the daemon; nothing written.
            var errors = prepared.errors
            var duplicates: [ImportDuplicate] = []
            for batch in batches {
                let result = try send(client, batch, dryRun: true)
                errors += result.errors
                duplicates += result.duplicates
                progress.advance(by: batch.count, "checking")
            }
            errors.sort { $0.line < $1.line }
            let invalidLines = Set(errors.map(\.line))
            let skipLines = invalidLines.union(duplicates.map(\.line))
            let toImport = prepared.rows.filter { !skipLines.contains($0.line) }
            progress.finish()

            for error in errors.prefix(100) {
                FileHandle.standardError.write(Data("\(file):\(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)\n".utf8))
            }
            if errors.count > 100 { FileHandle.standardError.write(Data("… and \(errors.count - 100) more invalid rows\n".utf8)) }

            var imported = 0
            let refused = !errors.isEmpty && !skipInvalid
            if !dryRun && !refused {
                // Pass 2: only rows that passed, each batch in one transaction.
                let progress = Progress(total: toImport.count)
                for batch in CustomerImportFile.batches(toImport) {
                    let result = try send(client, batch, dryRun: false)
                    imported += result.imported
                    progress.advance(by: batch.count, "importing")
                }
                progress.finish()
            }
            let summary = ImportCustomersResult(checked: prepared.rows.count + prepared.errors.count, imported: imported,
                                                errors: errors, duplicates: duplicates)
            if global.json {
                print(String(decoding: (try? ControlCoding.encode(summary)) ?? Data(), as: UTF8.self))
            } else {
                print("\(summary.checked) rows: \(toImport.count) new, \(duplicates.count) already known (skipped), \(invalidLines.count) invalid")
                if dryRun {
                    print("dry run: nothing written")
                } else if refused {
                    print("nothing imported: fix the invalid rows, or add --skip-invalid to import the \(toImport.count) valid ones")
                } else {
                    print("imported \(imported) customers")
                }
            }
            if refused { throw ExitCode(65) }
        }

        private func send(_ client: ControlClient, _ rows: [ImportedCustomer], dryRun: Bool) throws -> ImportCustomersResult {
            do {
                return try client.call("import.customers", ImportCustomersArgs(rows: rows, dryRun: dryRun, skipInvalid: skipInvalid),
                                       as: ImportCustomersResult.self)
            } catch {
                throw Exit.fail(error)
            }
        }

        private func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("huifangctl: \(message)\n".utf8))
            return ExitCode(65)
        }
    }
}

/// A progress bar on standard error, drawn only when it is a terminal and the work is big.
final class Progress {
    private let total: Int
    private var done = 0
    private let visible: Bool
    private var lastDrawn = -1

    init(total: Int) {
        self.total = total
        visible = isatty(STDERR_FILENO) == 1 && total >= 1000
    }

    func advance(by count: Int, _ label: String) {
        done += count
        guard visible else { return }
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(label) \(done)/\(total)".utf8))
    }

    func finish() {
        if visible && lastDrawn >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
