import Foundation
import HuifangControl
import HuifangCore
import HuifangStore

/// admin.copy-store (issue 16): the running SQLite store copied into an empty PostgreSQL
/// database, every table's row count checked; then `[store] url` points the nodes at it.
enum StoreCopyCommand {
    static let command = CommandHandler(API.AdminCopyStore.self) { (args: CopyStoreArgs, context) throws(HuifangError) in
        guard args.to.hasPrefix("postgresql://") || args.to.hasPrefix("postgres://") else {
            throw .invalid("to", "must be a PostgreSQL URL (postgresql://…), such as postgresql:///huifang?host=/run/postgresql")
        }
        guard let source = context.store as? SQLiteStore else {
            throw HuifangError(.conflict, "this store is PostgreSQL already; copy-store copies a SQLite store", field: "to")
        }
        let target = PostgresConnection.redacted(args.to)
        let started = ContinuousClock.now
        let tables: [StoreCopy.Table]
        do {
            tables = try StoreCopy.copy(from: source, to: args.to)
        } catch let failure as StoreCopy.Failure {
            throw HuifangError(.conflict, "\(failure)", field: "to")
        } catch let error as PostgresError {
            throw HuifangError(.unavailable, "PostgreSQL at \(target): \(error)", field: "to")
        } catch let error as SQLError {
            throw HuifangError(.unavailable, "PostgreSQL at \(target) refused the copy (nothing was kept): \(error)", field: "to")
        } catch {
            context.logger.error("store copy to \(target) failed: \(error)")
            throw HuifangError(.internal, "the copy to \(target) failed; see the daemon log")
        }
        let rows = tables.reduce(0) { $0 + $1.source }
        context.auditNote.add("copied \(rows) rows in \(tables.count) tables to \(target)")
        context.logger.notice("store copied to PostgreSQL", metadata: ["huifang.target": "\(target)", "huifang.rows": "\(rows)"])
        return CopyStoreView(target: target, tables: tables.map { .init(name: $0.name, rows: $0.source) }, rows: rows,
                             seconds: started.millisecondsAgo / 1000)
    }
}
