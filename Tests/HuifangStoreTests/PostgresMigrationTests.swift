import Foundation
import GRDB
@testable import HuifangStore
import HuifangTestSupport
import Testing

/// Both drivers' schemas, versioned together (issue 16): the same migration names, and the
/// same tables, columns, indexes and triggers, checked on a real SQLite file and a real
/// PostgreSQL cluster. A migration added for one driver only fails here.
@Suite(.serialized) struct PostgresMigrationTests {
    struct Schema: Equatable {
        /// Table → its columns in order, each with whether it may be NULL.
        var tables: [String: [String]] = [:]
        var indexes: Set<String> = []
        var triggers: Set<String> = []
    }

    func sqliteSchema() throws -> Schema {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hf-schema-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try SQLiteStore(path: path)
        return try DatabaseQueue(path: path).read { db in
            var schema = Schema()
            for table in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                """) {
                // A key column is never NULL, whatever SQLite's pragma says of a rowid table's text key.
                schema.tables[table] = try Row.fetchAll(db, sql: "SELECT name, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table])
                    .map { row in "\(row[0] as String)\((row[1] as Int) == 1 || (row[2] as Int) > 0 ? "" : " NULL")" }
            }
            schema.indexes = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            schema.triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            return schema
        }
    }

    func postgresSchema(_ db: PostgresConnection) throws -> Schema {
        var schema = Schema()
        for row in try db.execute("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'huifang_migrations'
            """).rows {
            let table = row[0]!
            schema.tables[table] = try db.execute("""
                SELECT column_name, is_nullable FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
                """, [table]).rows.map { "\($0[0]!)\($0[1] == "YES" ? " NULL" : "")" }
        }
        // Keys' and UNIQUE constraints' own indexes are named by PostgreSQL; SQLite's are automatic.
        schema.indexes = Set(try db.execute("""
            SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'
            """).rows.map { $0[0]! })
        schema.triggers = Set(try db.execute("SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public'")
            .rows.map { $0[0]! })
        return schema
    }

    @Test("R-OPS-5 the drivers are versioned together: PostgreSQL knows SQLite's migrations and makes the same tables, columns (in order, nullable alike), indexes and triggers; migrating again changes nothing")
    func parity() throws {
        #expect(PostgresSchema.known == Migrations.known, "a migration written for one driver only")
        let sqlite = try sqliteSchema()
        #expect(sqlite.tables.count >= 25 && sqlite.triggers.count == 10)
        try PostgresCluster.withDatabase { url in
            let db = try PostgresConnection(url: url)
            try PostgresMigrator.migrate(db)
            try PostgresMigrator.migrate(db)
            #expect(try PostgresMigrator.applied(db) == Migrations.known)
            let postgres = try postgresSchema(db)
            #expect(postgres.tables.keys.sorted() == sqlite.tables.keys.sorted())
            for (table, columns) in sqlite.tables {
                #expect(postgres.tables[table] == columns, "\(table)")
            }
            #expect(postgres.indexes == sqlite.indexes)
            #expect(postgres.triggers == sqlite.triggers)
            #expect(try db.execute("SELECT name FROM customers WHERE id = 0").rows == [["(house account)"]])
        }
    }

    @Test("R-OPS-5 on PostgreSQL the planning marks are reset as on SQLite: an edit, a pet, an opt-out, a tier, a visit; and a database from a newer build is refused")
    func triggersAndNewerSchema() throws {
        try PostgresCluster.withDatabase { url in
            let db = try PostgresConnection(url: url)
            try PostgresMigrator.migrate(db)
            try db.execute("""
                INSERT INTO customers (id, name, locale, time_zone, created_at, updated_at, next_greeting_at, next_retention_at)
                VALUES (7, '王小梅', 'zh-Hans', 'Asia/Shanghai', 0, 0, 5, 5)
                """)
            func marks() throws -> [String?] { try db.execute("SELECT next_greeting_at, next_retention_at FROM customers WHERE id = 7").rows[0] }
            func set() throws { try db.execute("UPDATE customers SET next_greeting_at = 5, next_retention_at = 5 WHERE id = 7") }
            #expect(try marks() == ["5", "5"], "setting the marks alone resets nothing")
            try db.execute("UPDATE customers SET birthday = '1990-05-01' WHERE id = 7")
            #expect(try marks() == ["-1", "5"], "an edit: greetings only")
            try db.execute("UPDATE customers SET birthday = '1990-05-02' WHERE id = 7")
            #expect(try marks() == ["-2", "5"], "each change a value no planner read")
            try set()
            try db.execute("INSERT INTO pets (customer_id, name, species, created_at, updated_at) VALUES (7, '豆豆', 'dog', 0, 0)")
            #expect(try marks() == ["-1", "5"])
            try set()
            try db.execute("INSERT INTO customer_optouts VALUES (7, 'sms', 0)")
            #expect(try marks() == ["-1", "5"])
            try set()
            try db.execute("INSERT INTO loyalty_accounts (customer_id) VALUES (7)")
            #expect(try marks() == ["5", "5"], "an account without a tier changes nothing")
            try db.execute("UPDATE loyalty_accounts SET tier = 'gold' WHERE customer_id = 7")
            #expect(try marks() == ["-1", "-1"])
            try set()
            try db.execute("UPDATE loyalty_accounts SET tier = 'gold', points = 3 WHERE customer_id = 7")
            #expect(try marks() == ["5", "5"], "the same tier changes nothing")
            try db.execute("INSERT INTO visits (customer_id, service, staff, ended_at, created_at) VALUES (7, '洁牙', '李医生', 0, 0)")
            #expect(try marks() == ["-1", "-1"])

            try db.execute("INSERT INTO huifang_migrations VALUES ('9999_from_the_future', 0)")
            do {
                try PostgresMigrator.migrate(db)
                Issue.record("a newer schema was accepted")
            } catch let error as PostgresError {
                #expect(error.message.contains("9999_from_the_future"), "\(error)")
            }
        }
    }
}
