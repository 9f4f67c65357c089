import Foundation
import HuifangCore

/// Customers (R-CUS, R-PPL-2): records, consent marks, finding and the story on one page.
extension SQLStore {
    public func addCustomer(_ customer: Customer) throws -> Customer {
        try write { db in
            var stored = customer
            stored.id = try Self.insert(customer, db)
            return stored
        }
    }

    public func addCustomers(_ customers: [Customer]) throws -> Int {
        try write { db in
            // Many rows a statement: in SQLite each INSERT inside a transaction opens and
            // closes a statement journal of its own, a third of a row's time when one at a time.
            for piece in SQLText.pieces(customers) {
                try db.execute("INSERT INTO customers (\(Self.insertColumns)) VALUES \(SQLText.rows(piece.count, width: Self.insertWidth))",
                               piece.flatMap(Self.insertValues))
            }
            return customers.count
        }
    }

    public func customerIds(phones: [String]) throws -> [String: Int64] {
        let unique = Array(Set(phones))
        guard !unique.isEmpty else { return [:] }
        return try read { db in
            var found: [String: Int64] = [:]
            for chunk in unique.chunked(500) {
                for row in try db.query("""
                    SELECT phone, MIN(id) FROM customers WHERE phone IN (\(SQLText.marks(chunk.count))) AND erased_at IS NULL GROUP BY phone
                    """, chunk.map(\.sqlValue)) {
                    found[row.string(0)] = row.int64(1)
                }
            }
            return found
        }
    }

    @discardableResult
    private static func insert(_ customer: Customer, _ db: any SQLConnection) throws -> Int64 {
        try db.query("INSERT INTO customers (\(insertColumns)) VALUES (\(SQLText.marks(insertWidth))) RETURNING id",
                     insertValues(customer)).first?.int64(0) ?? 0
    }

    private static var insertColumns: String { """
        name, gender, birthday, lunar_birthday, phone, email, wechat_id, address, occupation, preferred_channel, \
        locale, time_zone, tags, notes, pets, created_at, updated_at, consultant, lunar_date, branch
        """ }
    private static var insertWidth: Int { 20 }

    /// A new customer's values, in the order of `insertColumns`.
    private static func insertValues(_ customer: Customer) -> [SQLValue] {
        let values: [any SQLArgument] = [
            customer.name, customer.gender.rawValue, customer.birthday?.description,
            customer.lunarBirthday, customer.phone, customer.email, customer.wechatId,
            customer.address, customer.occupation, customer.preferredChannel,
            customer.locale.rawValue, customer.timeZone, JSONText.encode(customer.tags),
            customer.notes, "[]",
            customer.createdAt.unixMillis, customer.createdAt.unixMillis, customer.consultant,
            customer.lunarDate.map(LunarInput.code), customer.branch,
        ]
        return values.map(\.sqlValue)
    }

    public func updateCustomer(_ customer: Customer, now: Date) throws {
        try write { db in
            let changed = try db.execute("""
                UPDATE customers SET name = ?, gender = ?, birthday = ?, lunar_birthday = ?, phone = ?, email = ?,
                    wechat_id = ?, address = ?, occupation = ?, preferred_channel = ?, locale = ?, time_zone = ?,
                    tags = ?, notes = ?, pets = ?, consultant = ?, lunar_date = ?, updated_at = ?, branch = ?
                 WHERE id = ? AND erased_at IS NULL
                """,
                customer.name, customer.gender.rawValue, customer.birthday?.description, customer.lunarBirthday,
                customer.phone, customer.email, customer.wechatId, customer.address, customer.occupation,
                customer.preferredChannel, customer.locale.rawValue, customer.timeZone, JSONText.encode(customer.tags),
                customer.notes, "[]", customer.consultant, customer.lunarDate.map(LunarInput.code),
                now.unixMillis, customer.branch, customer.id)
            guard changed == 1 else {
                throw HuifangError(.notFound, "no customer with id \(customer.id) (or erased)", field: "id")
            }
        }
    }

    public func story(customerId: Int64, now: Date, through: Date) throws -> CustomerStory {
        try read { db in
            var story = CustomerStory()
            story.visits = try db.query("""
                SELECT \(Self.visitColumns) FROM visits WHERE customer_id = ? ORDER BY ended_at DESC, id DESC LIMIT 5
                """, customerId).map(Self.visit(from:))
            story.appointments = try db.query("""
                SELECT \(Self.appointmentColumns) FROM appointments
                 WHERE customer_id = ? AND start_at >= ? AND status IN ('booked', 'confirmed') ORDER BY start_at LIMIT 10
                """, customerId, now.unixMillis).map(Self.appointment(from:))
            story.complaints = try db.query("""
                SELECT * FROM complaints WHERE customer_id = ? AND status IN ('received', 'investigating') ORDER BY received_at
                """, customerId).map(Self.complaint(from:))
            story.tasks = try db.query("""
                SELECT * FROM tasks WHERE customer_id = ? AND status = 'open' ORDER BY due_at, id LIMIT 20
                """, customerId).map(Self.task(from:))
            story.upcoming = try db.query("""
                SELECT \(Self.messageColumns) FROM messages
                 WHERE customer_id = ? AND status IN ('pending', 'failed') AND due_at <= ? AND channel <> ?
                 ORDER BY due_at LIMIT 10
                """, customerId, through.unixMillis, ChannelName.staffTask).map(Self.message(from:))
            return story
        }
    }

    public func customerIds(emails: [String]) throws -> [String: Int64] {
        try read { db in
            var found: [String: Int64] = [:]
            for email in Set(emails) {
                if let id = try db.query("""
                    SELECT MIN(id) FROM customers WHERE lower(email) = lower(?) AND erased_at IS NULL
                    """, email).first?.optionalInt64(0) {
                    found[email] = id
                }
            }
            return found
        }
    }

    public func findCustomers(_ text: String, limit: Int) throws -> [Customer] {
        let needle = text.trimmingCharacters(in: .whitespaces)
        let digits = PhoneNumber.digits(needle)
        return try read { db in
            let dialect = db.dialect
            // Mostly digits: a phone or its ending, found by the index on the last four digits.
            if digits.count >= 4 && Double(digits.count) >= Double(needle.count) * 0.6 {
                let rows = try db.query("""
                    SELECT *, CASE WHEN phone = '+' || ?1 THEN 0 ELSE 1 END AS rank
                      FROM customers\(dialect == .sqlite ? " INDEXED BY customers_phone_ending" : "")
                     WHERE \(dialect.lastFour("phone")) = \(dialect.lastFour("CAST(?1 AS TEXT)")) AND phone LIKE '%' || ?1
                       AND erased_at IS NULL AND id > 0
                     ORDER BY rank, name, id LIMIT ?2
                    """, digits, limit)
                return try Self.withOptOuts(rows.map(Self.customer(from:)), db)
            }
            // Best first: the e-mail, a name as typed, a name starting so, a name containing it.
            let rows = try db.query("""
                SELECT *, CASE
                        WHEN lower(email) = lower(?1) THEN 0
                        WHEN ?2 <> '' AND phone = '+' || ?2 THEN 0
                        WHEN ?2 <> '' AND length(?2) >= 4 AND phone LIKE '%' || ?2 THEN 1
                        WHEN name = ?1 THEN 1
                        WHEN name LIKE ?1 || '%' THEN 2
                        ELSE 3 END AS rank
                  FROM customers
                 WHERE erased_at IS NULL AND id > 0 AND (
                       lower(email) = lower(?1)
                    OR (length(?2) >= 4 AND length(?2) * 1.0 >= length(?1) * 0.6 AND phone LIKE '%' || ?2)
                    OR \(dialect.position)(name, ?1) > 0)
                 ORDER BY rank, name, id LIMIT ?3
                """, needle, digits, limit)
            return try Self.withOptOuts(rows.map(Self.customer(from:)), db)
        }
    }

    public func customer(id: Int64) throws -> Customer? {
        try read { db in
            guard let row = try db.query("SELECT * FROM customers WHERE id = ?", id).first else { return nil }
            return try Self.withOptOuts([Self.customer(from: row)], db).first
        }
    }

    public func customers(afterId: Int64, limit: Int) throws -> [Customer] {
        try read { db in
            try Self.withOptOuts(db.query("SELECT * FROM customers WHERE id > ? AND erased_at IS NULL ORDER BY id LIMIT ?",
                                          afterId, limit).map(Self.customer(from:)), db)
        }
    }

    public func setOptOut(customerId: Int64, channel: String, optedOut: Bool, now: Date) throws {
        try write { db in
            try Self.requireCustomer(customerId, field: "id", db)
            if optedOut {
                try db.execute("""
                    INSERT INTO customer_optouts (customer_id, channel, opted_out_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                    """, customerId, channel, now.unixMillis)
            } else {
                try db.execute("DELETE FROM customer_optouts WHERE customer_id = ? AND channel = ?", customerId, channel)
            }
        }
    }

    /// Throws `notFound`, naming `field`, unless the customer exists.
    static func requireCustomer(_ id: Int64, field: String, _ db: any SQLConnection) throws {
        guard try !db.query("SELECT 1 FROM customers WHERE id = ?", id).isEmpty else {
            throw HuifangError(.notFound, "no customer with id \(id)", field: field)
        }
    }

    /// Fills in each customer's opted-out channels: one query per 500 customers (this runs
    /// for every claimed delivery batch).
    static func withOptOuts(_ customers: [Customer], _ db: any SQLConnection) throws -> [Customer] {
        guard !customers.isEmpty else { return customers }
        var optedOut: [Int64: Set<String>] = [:]
        for chunk in customers.map(\.id).chunked(500) {
            for row in try db.query("SELECT customer_id, channel FROM customer_optouts WHERE customer_id IN (\(SQLText.marks(chunk.count)))",
                                    chunk.map(\.sqlValue)) {
                optedOut[row.int64(0), default: []].insert(row.string(1))
            }
        }
        return customers.map { customer in
            var customer = customer
            customer.optedOut = optedOut[customer.id] ?? []
            return customer
        }
    }

    public func customers(ids: [Int64]) throws -> [Int64: Customer] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try read { db in
            var found: [Int64: Customer] = [:]
            // Chunks keep the statement under SQLite's variable limit.
            for chunk in unique.chunked(500) {
                let rows = try db.query("SELECT * FROM customers WHERE id IN (\(SQLText.marks(chunk.count)))", chunk.map(\.sqlValue))
                for customer in try Self.withOptOuts(rows.map(Self.customer(from:)), db) {
                    found[customer.id] = customer
                }
            }
            return found
        }
    }

    static func customer(from row: SQLRow) -> Customer {
        var customer = Customer(
            id: row.int64("id"), name: row.string("name"),
            gender: Gender(rawValue: row.string("gender")) ?? .unknown,
            birthday: row.optionalString("birthday").flatMap { LocalDate(iso: $0) },
            lunarBirthday: row.bool("lunar_birthday"), phone: row.optionalString("phone"), email: row.optionalString("email"),
            wechatId: row.optionalString("wechat_id"), address: row.optionalString("address"),
            occupation: row.optionalString("occupation"), preferredChannel: row.optionalString("preferred_channel"),
            locale: MessageLocale(rawValue: row.string("locale")) ?? .zhHans,
            timeZone: row.string("time_zone"), tags: JSONText.decode(row.string("tags")) ?? [],
            notes: row.string("notes"),
            createdAt: row.date("created_at"))
        customer.erasedAt = row.optionalDate("erased_at")
        customer.consultant = row.optionalString("consultant")
        customer.lunarDate = row.optionalString("lunar_date").flatMap(LunarInput.parse)
        customer.branch = row.optionalString("branch")
        return customer
    }
}

/// JSON text columns (tags, pets).
enum JSONText {
    /// A list of strings (a customer's tags, written per row by an import) without a
    /// JSONEncoder: the same JSON, a tenth of the work.
    static func encode(_ strings: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            WebhookPayload.appendString(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
