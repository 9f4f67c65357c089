import Foundation
import HuifangControl
import HuifangCore

/// Bulk import (R-OPS-4). huifangctl reads the CSV file and sends it in batches, first to
/// check (dry_run), then to write. Each row is checked as the matching single command
/// checks it; with a row invalid and no skip_invalid, the batch writes nothing.
enum ImportCommands {
    static let all = [customers, visits, appointments]
    static let maxRows = 5000

    static let customers = CommandHandler(API.ImportCustomers.self) { (args: ImportBatchArgs<CustomerAddArgs>, context) throws(HuifangError) in
        try checkSize(args)
        let customers = Customers(context)
        var valid: [(line: Int, customer: Customer)] = []
        var errors: [ImportRowError] = []
        for item in args.rows {
            do throws(HuifangError) {
                // The same rules as customer.add.
                valid.append((item.line, try customers.checked(try CustomerCommands.draft(item.row))))
            } catch {
                errors.append(ImportRowError(line: item.line, field: error.field, message: error.message, chinese: error.chinese))
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
        if writes(args, errors) && !fresh.isEmpty {
            imported = try storeCall(context, "importing customers") { try context.store.addCustomers(fresh) }
            context.logger.notice("customers imported", metadata: ["huifang.count": "\(imported)"])
            // Planned once the import's batches stop: planning after each batch competed
            // with the next for the store's write lock (6.1 s against 8.7 s for 100,000 rows).
            context.greetingTrigger.signalInBurst()
        }
        return ImportResult(checked: args.rows.count, imported: imported, errors: errors, duplicates: duplicates)
    }

    static let visits = CommandHandler(API.ImportVisits.self) { (args: ImportBatchArgs<VisitImportRow>, context) throws(HuifangError) in
        try checkSize(args)
        let customers = try resolve(args.rows.map(\.row.customer), context)
        let visits = Visits(context)
        var valid: [Visit] = []
        var errors: [ImportRowError] = []
        var duplicates: [ImportDuplicate] = []
        for (item, customer) in zip(args.rows, customers) {
            do throws(HuifangError) {
                let row = item.row
                let customer = try customer.get()
                let ended = try context.time(row.at, field: "at")
                // The same rules as visit.add.
                let visit = try visits.checked(customer: customer, service: row.service, staff: row.staff, endedAt: ended,
                                               amount: row.amount)
                // The same visit recorded already (an import run again): skipped.
                if let existing = try visits.existing(visit) {
                    duplicates.append(ImportDuplicate(line: item.line, existing: existing))
                } else {
                    valid.append(visit)
                }
            } catch {
                errors.append(ImportRowError(line: item.line, field: error.field, message: error.message, chinese: error.chinese))
            }
        }
        var imported = 0
        if writes(args, errors) {
            for visit in valid {
                _ = try visits.recordHistory(visit)
                imported += 1
            }
            if imported > 0 { context.logger.notice("visits imported", metadata: ["huifang.count": "\(imported)"]) }
        }
        return ImportResult(checked: args.rows.count, imported: imported, errors: errors, duplicates: duplicates)
    }

    static let appointments = CommandHandler(API.ImportAppointments.self) { (args: ImportBatchArgs<AppointmentImportRow>, context) throws(HuifangError) in
        try checkSize(args)
        let customers = try resolve(args.rows.map(\.row.customer), context)
        var valid: [(Appointment, Customer)] = []
        var errors: [ImportRowError] = []
        var duplicates: [ImportDuplicate] = []
        for (item, customer) in zip(args.rows, customers) {
            do throws(HuifangError) {
                let row = item.row
                let customer = try customer.get()
                let start = try context.time(row.start, field: "start")
                let appointment = try Appointments(context).checked(customer: customer, service: row.service, staff: row.staff,
                                                                  start: start, duration: row.duration, place: row.place)
                // Booked already (an import run again): skipped.
                if let existing = try storeCall(context, "looking up appointments", { try context.store.sameOpenAppointment(as: appointment) }) {
                    duplicates.append(ImportDuplicate(line: item.line, existing: existing))
                } else {
                    valid.append((appointment, customer))
                }
            } catch {
                errors.append(ImportRowError(line: item.line, field: error.field, message: error.message, chinese: error.chinese))
            }
        }
        var imported = 0
        if writes(args, errors) {
            for (appointment, customer) in valid {
                _ = try Appointments(context).book(appointment, customer: customer)
                imported += 1
            }
            if imported > 0 { context.logger.notice("appointments imported", metadata: ["huifang.count": "\(imported)"]) }
        }
        return ImportResult(checked: args.rows.count, imported: imported, errors: errors, duplicates: duplicates)
    }

    private static func checkSize<Row>(_ args: ImportBatchArgs<Row>) throws(HuifangError) {
        guard args.rows.count <= maxRows else { throw .invalid("rows", "holds more than \(maxRows) rows; send smaller batches") }
    }

    private static func writes<Row>(_ args: ImportBatchArgs<Row>, _ errors: [ImportRowError]) -> Bool {
        !args.dryRun && (errors.isEmpty || args.skipInvalid)
    }

    /// The customers rows name, by id or phone (one lookup for all phones); each a customer
    /// who exists and was not erased, or the reason why not.
    private static func resolve(_ refs: [ImportCustomerRef], _ context: CommandContext) throws(HuifangError)
        -> [Result<Customer, HuifangError>]
    {
        let region = context.config.snapshot.service.defaultRegion
        func normalizedPhone(_ phone: String) -> String { (try? PhoneNumber.normalize(phone, region: region)) ?? phone }
        let phones = refs.filter { $0.customer == nil }.compactMap { $0.phone.map(normalizedPhone) }
        let byPhone = try storeCall(context, "looking up phone numbers") { try context.store.customerIds(phones: phones) }
        var cache: [Int64: Result<Customer, HuifangError>] = [:]
        return refs.map { ref in
            let id: Int64
            if let given = ref.customer {
                id = given
            } else if let phone = ref.phone, let found = byPhone[normalizedPhone(phone)] {
                id = found
            } else {
                return .failure(.invalid("phone", "belongs to no customer; import the customers first",
                                         chinese: "没有这个手机号的客户：请先导入客户。"))
            }
            if let known = cache[id] { return known }
            let result: Result<Customer, HuifangError>
            do throws(HuifangError) {
                result = .success(try liveCustomer(id, field: "customer", context))
            } catch {
                result = .failure(error)
            }
            cache[id] = result
            return result
        }
    }
}
