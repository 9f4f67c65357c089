import Foundation
import HuifangControl
import HuifangCore

/// Bulk import (R-OPS-4). huifangctl reads the CSV file and sends it in batches; each batch
/// is checked row by row exactly as `customer.add` checks one customer, and written in one
/// transaction — or not at all when a row is invalid and `skip_invalid` is not set.
enum ImportCommands {
    static let all = [customers]
    static let maxRows = 5000

    static let customers = ControlCommand.make(
        "import.customers", mutates: true, usage: "import.customers {rows: [{line, customer}], dry_run, skip_invalid}",
        summary: "check and add a batch of customers; rows whose phone is known already are skipped"
    ) { (args: ImportCustomersArgs, context) throws(HuifangError) in
        guard args.rows.count <= maxRows else { throw .invalid("rows", "holds more than \(maxRows) rows; send smaller batches") }
        let now = context.clock.now()
        let defaultZone = context.config.snapshot.service.defaultTimeZone
        var valid: [(line: Int, customer: Customer)] = []
        var errors: [ImportRowError] = []
        for row in args.rows {
            do throws(HuifangError) {
                valid.append((row.line, try CustomerCommands.draft(row.customer).validated(defaultTimeZone: defaultZone, now: now)))
            } catch {
                errors.append(ImportRowError(line: row.line, field: error.field, message: error.message))
            }
        }
        let known = try storeCall(context, "looking up phone numbers") {
            try context.store.customerIds(phones: valid.compactMap(\.customer.phone))
        }
        var duplicates: [ImportDuplicate] = []
        var fresh: [Customer] = []
        for (line, customer) in valid {
            if let phone = customer.phone, let existing = known[phone] {
                duplicates.append(ImportDuplicate(line: line, existing: existing))
            } else {
                fresh.append(customer)
            }
        }
        var imported = 0
        if !args.dryRun && (errors.isEmpty || args.skipInvalid) && !fresh.isEmpty {
            imported = try storeCall(context, "importing customers") { try context.store.addCustomers(fresh) }
            context.logger.notice("customers imported", metadata: ["huifang.count": "\(imported)"])
            context.greetingTrigger.signal()
        }
        return ImportCustomersResult(checked: args.rows.count, imported: imported, errors: errors, duplicates: duplicates)
    }
}
