import Foundation
import GRDB
import HuifangCore

extension SQLiteStore {
    public func addCustomer(_ customer: Customer) throws -> Customer {
        try write { db in
            try Self.insert(customer, db)
            var stored = customer
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func addCustomers(_ customers: [Customer]) throws -> Int {
        try write { db in
            for customer in customers { try Self.insert(customer, db) }
            return customers.count
        }
    }

    public func customerIds(phones: [String]) throws -> [String: Int64] {
        let unique = Array(Set(phones))
        guard !unique.isEmpty else { return [:] }
        return try read { db in
            var found: [String: Int64] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT phone, MIN(id) FROM customers WHERE phone IN (\(marks)) AND erased_at IS NULL GROUP BY phone",
                                            arguments: StatementArguments(chunk)) {
                    found[row[0]] = row[1]
                }
            }
            return found
        }
    }

    private static func insert(_ customer: Customer, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO customers (name, gender, birthday, lunar_birthday, phone, email,
                wechat_id, address, occupation, preferred_channel, locale, time_zone, tags,
                notes, pets, created_at, updated_at, consultant, lunar_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                customer.name, customer.gender.rawValue, customer.birthday?.description,
                customer.lunarBirthday, customer.phone, customer.email, customer.wechatId,
                customer.address, customer.occupation, customer.preferredChannel,
                customer.locale.rawValue, customer.timeZone, JSONText.encode(customer.tags),
                customer.notes, "[]",
                customer.createdAt.unixMillis, customer.createdAt.unixMillis, customer.consultant,
                customer.lunarDate.map(LunarInput.code),
            ])
    }

    public func updateCustomer(_ customer: Customer, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE customers SET name = ?, gender = ?, birthday = ?, lunar_birthday = ?, phone = ?, email = ?,
                    wechat_id = ?, address = ?, occupation = ?, preferred_channel = ?, locale = ?, time_zone = ?,
                    tags = ?, notes = ?, pets = ?, consultant = ?, lunar_date = ?, updated_at = ?
                 WHERE id = ? AND erased_at IS NULL
                """, arguments: [
                    customer.name, customer.gender.rawValue, customer.birthday?.description, customer.lunarBirthday,
                    customer.phone, customer.email, customer.wechatId, customer.address, customer.occupation,
                    customer.preferredChannel, customer.locale.rawValue, customer.timeZone, JSONText.encode(customer.tags),
                    customer.notes, "[]", customer.consultant, customer.lunarDate.map(LunarInput.code),
                    now.unixMillis, customer.id,
                ])
            guard db.changesCount == 1 else {
                throw HuifangError(.notFound, "no customer with id \(customer.id) (or erased)", field: "id")
            }
        }
    }

    public func story(customerId: Int64, now: Date, through: Date) throws -> CustomerStory {
        try read { db in
            var story = CustomerStory()
            story.visits = try Row.fetchAll(db, sql: """
                SELECT \(Self.visitColumns) FROM visits WHERE customer_id = ? ORDER BY ended_at DESC, id DESC LIMIT 5
                """, arguments: [customerId]).map(Self.visit(from:))
            story.appointments = try Row.fetchAll(db, sql: """
                SELECT id, customer_id, service, staff, start_at, duration_minutes, place, status, checked_in_at FROM appointments
                 WHERE customer_id = ? AND start_at >= ? AND status IN ('booked', 'confirmed') ORDER BY start_at LIMIT 10
                """, arguments: [customerId, now.unixMillis]).map(Self.appointment(from:))
            story.complaints = try Row.fetchAll(db, sql: """
                SELECT * FROM complaints WHERE customer_id = ? AND status IN ('received', 'investigating') ORDER BY received_at
                """, arguments: [customerId]).map(Self.complaint(from:))
            story.tasks = try Row.fetchAll(db, sql: """
                SELECT * FROM tasks WHERE customer_id = ? AND status = 'open' ORDER BY due_at, id LIMIT 20
                """, arguments: [customerId]).map(Self.task(from:))
            story.upcoming = try Row.fetchAll(db, sql: """
                SELECT \(Self.messageColumns) FROM messages
                 WHERE customer_id = ? AND status IN ('pending', 'failed') AND due_at <= ? AND channel <> ?
                 ORDER BY due_at LIMIT 10
                """, arguments: [customerId, through.unixMillis, ChannelName.staffTask]).map(Self.message(from:))
            return story
        }
    }

    public func customerIds(emails: [String]) throws -> [String: Int64] {
        try read { db in
            var found: [String: Int64] = [:]
            let statement = try db.cachedStatement(sql: """
                SELECT MIN(id) FROM customers WHERE lower(email) = lower(?) AND erased_at IS NULL
                """)
            for email in Set(emails) {
                if let id = try Int64.fetchOne(statement, arguments: [email]) { found[email] = id }
            }
            return found
        }
    }

    public func findCustomers(_ text: String, limit: Int) throws -> [Customer] {
        let needle = text.trimmingCharacters(in: .whitespaces)
        let digits = PhoneNumber.digits(needle)
        return try read { db in
            // Mostly digits: a phone or its ending, found by the index on the last four digits.
            if digits.count >= 4 && Double(digits.count) >= Double(needle.count) * 0.6 {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT *, CASE WHEN phone = '+' || ?1 THEN 0 ELSE 1 END AS rank
                      FROM customers INDEXED BY customers_phone_ending
                     WHERE substr(phone, -4) = substr(?1, -4) AND phone LIKE '%' || ?1 AND erased_at IS NULL AND id > 0
                     ORDER BY rank, name, id LIMIT ?2
                    """, arguments: [digits, limit])
                return try Self.withOptOuts(rows.map(Self.customer(from:)), db)
            }
            // Best first: the e-mail, a name as typed, a name starting so, a name containing it.
            let rows = try Row.fetchAll(db, sql: """
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
                    OR instr(name, ?1) > 0)
                 ORDER BY rank, name, id LIMIT ?3
                """, arguments: [needle, digits, limit])
            return try Self.withOptOuts(rows.map(Self.customer(from:)), db)
        }
    }

    public func customer(id: Int64) throws -> Customer? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM customers WHERE id = ?", arguments: [id]) else {
                return nil
            }
            return try Self.withOptOuts([Self.customer(from: row)], db).first
        }
    }

    public func customers(afterId: Int64, limit: Int) throws -> [Customer] {
        try read { db in
            try Self.withOptOuts(Row.fetchAll(db, sql: "SELECT * FROM customers WHERE id > ? AND erased_at IS NULL ORDER BY id LIMIT ?",
                                              arguments: [afterId, limit]).map(Self.customer(from:)), db)
        }
    }

    public func setOptOut(customerId: Int64, channel: String, optedOut: Bool, now: Date) throws {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [customerId]) != nil else {
                throw HuifangError(.notFound, "no customer with id \(customerId)", field: "id")
            }
            if optedOut {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO customer_optouts (customer_id, channel, opted_out_at) VALUES (?, ?, ?)
                    """, arguments: [customerId, channel, now.unixMillis])
            } else {
                try db.execute(sql: "DELETE FROM customer_optouts WHERE customer_id = ? AND channel = ?",
                               arguments: [customerId, channel])
            }
        }
    }

    /// Fills in each customer's opted-out channels: one query per 500 customers (this runs
    /// for every claimed delivery batch).
    static func withOptOuts(_ customers: [Customer], _ db: Database) throws -> [Customer] {
        guard !customers.isEmpty else { return customers }
        var optedOut: [Int64: Set<String>] = [:]
        let ids = customers.map(\.id)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT customer_id, channel FROM customer_optouts WHERE customer_id IN (\(marks))",
                                        arguments: StatementArguments(chunk)) {
                optedOut[row[0], default: []].insert(row[1])
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
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM customers WHERE id IN (\(marks))",
                                            arguments: StatementArguments(chunk))
                for customer in try Self.withOptOuts(rows.map(Self.customer(from:)), db) {
                    found[customer.id] = customer
                }
            }
            return found
        }
    }

    static func customer(from row: Row) -> Customer {
        var customer = Customer(
            id: row["id"], name: row["name"],
            gender: Gender(rawValue: row["gender"]) ?? .unknown,
            birthday: (row["birthday"] as String?).flatMap { LocalDate(iso: $0) },
            lunarBirthday: row["lunar_birthday"], phone: row["phone"], email: row["email"],
            wechatId: row["wechat_id"], address: row["address"], occupation: row["occupation"],
            preferredChannel: row["preferred_channel"],
            locale: MessageLocale(rawValue: row["locale"]) ?? .zhHans,
            timeZone: row["time_zone"], tags: JSONText.decode(row["tags"]) ?? [],
            notes: row["notes"],
            createdAt: Date(unixMillis: row["created_at"]))
        customer.erasedAt = (row["erased_at"] as Int64?).map(Date.init(unixMillis:))
        customer.consultant = row["consultant"]
        customer.lunarDate = (row["lunar_date"] as String?).flatMap(LunarInput.parse)
        return customer
    }
}

/// JSON text columns (tags, pets).
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
