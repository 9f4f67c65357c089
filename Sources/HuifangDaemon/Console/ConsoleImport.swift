import Foundation
import HuifangControl
import HuifangCore
import Hummingbird

/// A manager's 批量导入 of customers, past visits or coming appointments: a CSV file saved
/// from the clinic's spreadsheet, uploaded, checked row by row with `import.*` (nothing
/// written while any row is wrong, unless they ask to skip those), then written in batches,
/// as `huifangctl import` does. Columns Huifang does not know are left out and named.
struct ConsoleImport: Sendable {
    let console: Console

    /// What a file holds.
    enum Kind: String, CaseIterable {
        case customers, visits, appointments
    }

    /// Largest file the page takes (about 50,000 customers).
    static let maxBytes = 8 * 1024 * 1024

    func register(on http: Router<HTTPContext>) {
        http.get("/import") { request, _ in
            try await console.page(request) { visit throws(HuifangError) in
                guard console.may(API.ImportCustomers.self, visit) else { throw HuifangError(.permissionDenied, "managers import") }
                return page(visit, values: [:])
            }
        }
        http.post("/import") { request, _ in
            let language = console.language(request)
            let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:))
            // Who is asking before megabytes are read: without a session, nothing is.
            guard let signed = try await HTTPFace.offThePool({ console.auth.signedIn(request) }) else {
                return ConsoleHTTP.redirect("/login?expired=1")
            }
            let bytes: [UInt8]?
            do {
                bytes = try await console.body(request, upTo: Self.maxBytes + 64 * 1024)
            } catch {
                bytes = nil
            }
            return try await HTTPFace.offThePool { () -> Response in
                let visit = Console.Visit(signed: signed, language: language, query: [:])
                let t = ConsoleText.table(language)
                guard let bytes else { return page(visit, values: [:], error: t["import.too_big"]!, status: .contentTooLarge) }
                guard let boundary, let form = MultipartForm(bytes, boundary: boundary) else {
                    return page(visit, values: [:], error: t["import.no_file"]!, status: .badRequest)
                }
                guard let sent = form["csrf"],
                      InboundEndpoint.constantTimeEqual(Array(sent.utf8), Array(signed.session.csrfToken.utf8)) else {
                    return console.render("message", title: "error", signed: signed, language: language, values: [:],
                                          error: ConsoleText.text("csrf", language), status: .forbidden)
                }
                guard let file = form.file("file"), !file.bytes.isEmpty else {
                    return page(visit, values: [:], error: t["import.no_file"]!, status: .badRequest)
                }
                let kind = Kind(rawValue: form["kind"] ?? "") ?? .customers
                do throws(HuifangError) {
                    let data = Data(file.bytes), skip = form["skip_invalid"] != nil
                    let outcome = switch kind {
                    case .customers:
                        try run(data, kind, schema: .customers, convert: CustomerAddArgs.importRow, uniqueKey: CustomerAddArgs.importKey,
                                method: API.ImportCustomers.self, skipInvalid: skip, visit)
                    case .visits:
                        try run(data, kind, schema: .visits, convert: VisitImportRow.importRow, uniqueKey: nil,
                                method: API.ImportVisits.self, skipInvalid: skip, visit)
                    case .appointments:
                        try run(data, kind, schema: .appointments, convert: AppointmentImportRow.importRow, uniqueKey: nil,
                                method: API.ImportAppointments.self, skipInvalid: skip, visit)
                    }
                    return page(visit, values: outcome, kind: kind)
                } catch where error.code == .permissionDenied {
                    return console.failure(error, visit)
                } catch {
                    return page(visit, values: [:], kind: kind, error: ConsoleErrorText.refusal(error, language), status: .badRequest)
                }
            }
        }
    }

    private func page(_ visit: Console.Visit, values: [String: Any], kind: Kind = .customers, error: String? = nil,
                      status: HTTPResponse.Status = .ok) -> Response {
        let t = ConsoleText.table(visit.language)
        let kinds = Kind.allCases.map { k in
            ["value": k.rawValue, "label": t["import.kind_\(k.rawValue)"]!, "help": t["import.help_\(k.rawValue)"]!,
             "selected": k == kind] as [String: Any]
        }
        return console.render("import", title: "import.title", signed: visit.signed, language: visit.language,
                              values: values.merging(["kinds": kinds]) { $1 }, error: error, status: status, current: "/customers")
    }

    /// Checks every row, then writes the new ones unless a row is wrong and `skipInvalid` is
    /// off. Answers the page's summary: counts, each wrong row by line, the columns left out.
    private func run<Row: Codable & Sendable & Equatable, Method: ControlMethod>(
        _ data: Data, _ kind: Kind, schema: ImportSchema, convert: @escaping ([String: String], Int) throws(ImportRowError) -> Row,
        uniqueKey: ((Row) -> (field: String, key: String)?)?, method: Method.Type, skipInvalid: Bool, _ visit: Console.Visit
    ) throws(HuifangError) -> [String: Any] where Method.Args == ImportBatchArgs<Row>, Method.Result == ImportResult {
        let t = ConsoleText.table(visit.language)
        // Columns Huifang does not keep (会员号, 消费总额 …) are left out, and said so.
        let header = (try? CSVReader.records(data))?.first?.fields ?? []
        let unknown = header.filter { !schema.knows($0) }
        let shown = unknown.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let file: ImportFile<Row>
        do throws(ImportFile<Row>.Failure) {
            file = try ImportFile(data, schema: schema, overrides: Dictionary(unknown.map { ($0, "-") }) { first, _ in first },
                                  convert: convert, uniqueKey: uniqueKey)
        } catch {
            let line = error.line.map { ConsoleText.text("import.line", visit.language, $0) } ?? ""
            throw HuifangError(.invalidArgument, error.message, field: "file", chinese: line + (error.chinese ?? t["import.unreadable"]!))
        }
        var errors = file.errors
        var duplicates: [ImportDuplicate] = []
        /// Rows in batches of at most `ImportBatcher.maxRows`, as huifangctl sends them.
        func batches(_ rows: [ImportLine<Row>]) -> [[ImportLine<Row>]] {
            stride(from: 0, to: rows.count, by: ImportBatcher.maxRows).map { Array(rows[$0..<min($0 + ImportBatcher.maxRows, rows.count)]) }
        }
        for batch in batches(file.rows) {
            let checked = try console.run(method, ImportBatchArgs(rows: batch, dryRun: true, skipInvalid: false), visit)
            errors += checked.errors
            duplicates += checked.duplicates
        }
        let skip = Set(errors.map(\.line)).union(duplicates.map(\.line))
        let fresh = file.rows.filter { !skip.contains($0.line) }
        var imported = 0
        let refused = !errors.isEmpty && !skipInvalid
        if !refused {
            for batch in batches(fresh) {
                imported += try console.run(method, ImportBatchArgs(rows: batch, dryRun: false, skipInvalid: true), visit).imported
            }
        }
        errors.sort { $0.line < $1.line }
        let labels = ConsoleErrorText.fieldLabels
        return [
            "done": true,
            "summary": ConsoleText.text("import.summary_\(kind.rawValue)", visit.language, file.rows.count + file.errors.count, fresh.count, duplicates.count, Set(errors.map(\.line)).count),
            "result": refused ? t["import.refused"]! : ConsoleText.text("import.imported_\(kind.rawValue)", visit.language, imported),
            "ok": !refused,
            "errors": errors.prefix(100).map { error in
                let field = error.field.map { labels[$0] ?? $0 }
                return ["line": ConsoleText.text("import.line", visit.language, error.line),
                        "text": (field.map { "「\($0)」" } ?? "") + (error.chinese ?? t["import.wrong"]!)] as [String: Any]
            },
            "more": errors.count > 100 ? ConsoleText.text("import.more", visit.language, errors.count - 100) : false,
            "ignored": shown.isEmpty ? false : shown.joined(separator: "、"),
        ]
    }
}
