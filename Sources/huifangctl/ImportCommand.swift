import ArgumentParser
import Foundation
import HuifangControl
import HuifangCore
#if canImport(Glibc)
import Glibc
#endif

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import customers, visits or appointments from CSV files (managers).",
        discussion: """
            Files are UTF-8 CSV (a byte-order mark is fine) with a header row; header names map to fields in \
            English or Chinese. --map 'HEADER=FIELD' maps another name, --map 'HEADER=-' ignores a column. Every \
            row is checked first; if any is invalid nothing is written and each error names its line, unless \
            --skip-invalid. Exit codes: 0 imported (or a clean dry run), 65 invalid file or rows.
            """,
        subcommands: [Customers.self, Visits.self, Appointments.self])

    struct Options: ParsableArguments {
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; write nothing.") var dryRun = false
        @Flag(help: "Import the valid rows even if some are invalid.") var skipInvalid = false
        @Option(name: .customLong("map"), help: "HEADER=FIELD, or HEADER=- to ignore a column; repeatable.") var maps: [String] = []

        func validate() throws {
            for map in maps where !map.contains("=") {
                throw ValidationError("--map takes HEADER=FIELD, not '\(map)'")
            }
        }

        var overrides: [String: String] {
            var overrides: [String: String] = [:]
            for map in maps {
                let parts = map.split(separator: "=", maxSplits: 1).map(String.init)
                overrides[parts[0]] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            }
            return overrides
        }
    }

    struct Customers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.ImportCustomers.abstract,
            discussion: "Fields: name/姓名, phone/手机, email/邮箱, wechat/微信, birthday/生日 (YYYY-MM-DD), lunar_birthday/农历 (是/否), gender/性别, tz/时区, locale/语言, tags/标签 (separated by ;), notes/备注.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options
        func run() throws {
            try ImportRun(global: global, options: options, command: API.ImportCustomers.self, schema: .customers, noun: "customers",
                          convert: CustomerAddArgs.importRow, uniqueKey: CustomerAddArgs.importKey).run()
        }
    }

    struct Visits: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.ImportVisits.abstract,
            discussion: "Fields: customer (id) or phone/手机, service/项目, staff/员工, at/时间 (2026-11-28 15:00 in clinic time, or ISO-8601), amount/金额.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options
        func run() throws {
            try ImportRun(global: global, options: options, command: API.ImportVisits.self, schema: .visits, noun: "visits",
                          convert: VisitImportRow.importRow, uniqueKey: nil).run()
        }
    }

    struct Appointments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.ImportAppointments.abstract,
            discussion: "Fields: customer (id) or phone/手机, service/项目, staff/员工, start/预约时间 (2026-11-28 15:00 in clinic time, or ISO-8601), duration/时长 (minutes), place/门店.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options
        func run() throws {
            try ImportRun(global: global, options: options, command: API.ImportAppointments.self, schema: .appointments, noun: "appointments",
                          convert: AppointmentImportRow.importRow, uniqueKey: nil).run()
        }
    }
}

/// One import: read the file, check every row with the daemon (nothing written), report,
/// then — unless refused or a dry run — send the valid rows again to be written.
struct ImportRun<Row: Codable & Sendable & Equatable, Method: ControlMethod>
    where Method.Args == ImportBatchArgs<Row>, Method.Result == ImportResult {
    let global: GlobalOptions
    let options: ImportCommand.Options
    let command: Method.Type
    let schema: ImportSchema
    let noun: String
    let convert: ([String: String], Int) throws(ImportRowError) -> Row
    let uniqueKey: ((Row) -> (field: String, key: String)?)?

    func run() throws {
        let file = options.file
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("\(file): cannot be read") }
        let reading: ImportReading<Row>
        do {
            reading = try ImportReading(data, schema: schema, overrides: options.overrides, convert: convert, uniqueKey: uniqueKey)
        } catch {
            throw fail("\(file):\(error.line.map { "\($0):" } ?? "") \(error.message)")
        }
        let client: ControlClient
        do {
            client = try ControlClient(socketPath: global.socket)
        } catch {
            throw Exit.fail(error)
        }

        // Pass 1: every row checked by the daemon; nothing written. Rows are converted and
        // batched as the batches go out, so the daemon checks the first while the rest are read.
        let source = CheckBatches(reading, skipInvalid: options.skipInvalid)
        var errors: [ImportRowError] = []
        var duplicates: [ImportDuplicate] = []
        let checking = Progress(total: reading.count)
        try collect({ client.pipeline(command, next: source.next, $0) }) { result in
            errors += result.errors
            duplicates += result.duplicates
            checking.advance(by: result.checked, "checking")
        }
        // The pipeline has ended: the source is this thread's again.
        let encoded = source.encoded
        errors += source.fileErrors
        checking.advance(by: source.fileErrors.count, "checking")
        checking.finish()
        errors.sort { $0.line < $1.line }
        duplicates.sort { $0.line < $1.line }
        let invalidLines = Set(errors.map(\.line))
        let skip = invalidLines.union(duplicates.map(\.line))
        let toImport = encoded.filter { !skip.contains($0.line) }
        for error in errors.prefix(100) {
            FileHandle.standardError.write(Data("\(file):\(error.line): \(error.field.map { "\($0): " } ?? "")\(error.message)\n".utf8))
        }
        if errors.count > 100 { FileHandle.standardError.write(Data("… and \(errors.count - 100) more invalid rows\n".utf8)) }

        // Pass 2: only the rows that passed.
        var imported = 0
        let refused = !errors.isEmpty && !options.skipInvalid
        if !options.dryRun && !refused {
            let writing = Progress(total: toImport.count)
            do {
                let batches = EncodedImportLine.batches(toImport).map {
                    ImportBatchArgs<Row>.json(rows: $0, dryRun: false, skipInvalid: options.skipInvalid)
                }
                try collect({ client.pipeline(command, batches, $0) }) { result in
                    imported += result.imported
                    writing.advance(by: result.checked, "importing")
                }
            } catch {
                writing.finish()
                // Batches written before the failure stay written: say how many.
                if imported > 0 { FileHandle.standardError.write(Data("huifangctl: \(imported) \(noun) were imported before the failure\n".utf8)) }
                throw error
            }
            writing.finish()
        }
        let summary = ImportResult(checked: reading.count, imported: imported,
                                   errors: errors, duplicates: duplicates)
        if global.json {
            print(String(decoding: (try? ControlCoding.encode(summary)) ?? Data(), as: UTF8.self))
        } else {
            print("\(summary.checked) rows: \(toImport.count) new, \(duplicates.count) already known (skipped), \(invalidLines.count) invalid")
            if options.dryRun {
                print("dry run: nothing written")
            } else if refused {
                print("nothing imported: fix the invalid rows, or add --skip-invalid to import the \(toImport.count) valid ones")
            } else {
                print("imported \(imported) \(noun)")
            }
        }
        if refused { throw ExitCode(65) }
    }

    /// Runs a pipeline of batches (the daemon checks or writes one while the next is made
    /// and on its way) and hands each answer over; the first failure stops the sending and
    /// is thrown once the batches already sent are answered.
    private func collect(_ pipeline: ((Int, Result<ImportResult, HuifangError>) -> Bool) -> Void,
                         _ answered: @escaping (ImportResult) -> Void) throws {
        var failure: HuifangError?
        pipeline { _, result in
            switch result {
            case .success(let result):
                answered(result)
            case .failure(let error):
                failure = failure ?? error
            }
            return failure == nil
        }
        if let failure { throw Exit.fail(failure) }
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("huifangctl: \(message)\n".utf8))
        return ExitCode(65)
    }
}

/// Pass 1's requests, made as the pipeline's writing thread asks for them: each file row
/// converted, encoded once (pass 2 sends the same bytes) and gathered into a batch. The
/// writing thread alone uses it while the pipeline runs, the caller once it has ended
/// (`ControlClient.pipeline` waits for the writer), hence `@unchecked Sendable`.
final class CheckBatches<Row: Codable & Sendable & Equatable>: @unchecked Sendable {
    private var reading: ImportReading<Row>
    private var batcher = ImportBatcher()
    private let skipInvalid: Bool
    /// Every row that converted, encoded, in file order.
    private(set) var encoded: [EncodedImportLine] = []
    /// The rows that are wrong in the file already (field count, a yes/no word, a repeat).
    private(set) var fileErrors: [ImportRowError] = []

    init(_ reading: ImportReading<Row>, skipInvalid: Bool) {
        self.reading = reading
        self.skipInvalid = skipInvalid
        encoded.reserveCapacity(reading.count)
    }

    /// The next batch's arguments; nil when every row has been sent.
    func next() -> Data? {
        while let row = reading.next() {
            switch row {
            case .failure(let error):
                fileErrors.append(error)
            case .success(let row):
                let line = ImportFile.encoded([row])[0]
                encoded.append(line)
                if let batch = batcher.add(line) { return args(batch) }
            }
        }
        return batcher.finish().map(args)
    }

    private func args(_ batch: [EncodedImportLine]) -> Data {
        ImportBatchArgs<Row>.json(rows: batch, dryRun: true, skipInvalid: skipInvalid)
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
