import Foundation
import HuifangStore
import HuifangTestSupport
import Testing

/// The PostgreSQL driver's connection (issue 16, R-OPS-5) against a real server: a
/// throwaway cluster on a Unix socket, started and removed by the test.
@Suite(.serialized) struct PostgresConnectionTests {
    @Test("R-OPS-5 a libpq connection to a throwaway cluster: text parameters by position, NULL, Chinese text, row counts, a transaction rolled back on error, SQLSTATE on a unique violation")
    func roundTrip() throws {
        let cluster = try PostgresCluster.start()
        defer { cluster.stop() }
        let db = try PostgresConnection(url: try cluster.createDatabase("huifang"))
        #expect(db.serverVersion >= 13)
        try db.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE)")
        let inserted = try db.execute("INSERT INTO customers VALUES ($1, $2, $3), ($4, $5, $6)",
                                      ["1", "王小梅", "+8613800000001", "2", "李雷", nil])
        #expect(inserted.affected == 2)
        let rows = try db.execute("SELECT id, name, phone FROM customers WHERE id >= $1 ORDER BY id", ["1"])
        #expect(rows.columns == ["id", "name", "phone"])
        #expect(rows.rows == [["1", "王小梅", "+8613800000001"], ["2", "李雷", nil]])

        // A failed transaction leaves nothing behind.
        #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.execute("INSERT INTO customers VALUES (3, '韩梅梅', NULL)")
                try db.execute("INSERT INTO customers VALUES (4, '重复', '+8613800000001')")
            }
        }
        #expect(try db.execute("SELECT count(*) FROM customers").rows == [["2"]])
        do {
            try db.execute("INSERT INTO customers VALUES (5, '重复', '+8613800000001')")
            Issue.record("a duplicate phone was accepted")
        } catch {
            #expect(error.sqlState == "23505", "\(error)")
            #expect(error.message.contains("customers_phone_key"), "\(error)")
        }
        // The connection is usable after an error.
        #expect(try db.transaction { try db.execute("UPDATE customers SET name = $1 WHERE id = 2", ["李雷雷"]).affected } == 1)
    }

    @Test("R-OPS-5 a server that is not there is a clear error naming the address, with any password hidden")
    func unreachable() {
        do {
            _ = try PostgresConnection(url: "postgresql://huifang:s3cret@/huifang?host=/nonexistent-hf-dir")
            Issue.record("connected to nothing")
        } catch {
            #expect(error.message.contains("cannot connect to postgresql://huifang:***@/huifang?host=/nonexistent-hf-dir"), "\(error)")
            #expect(!error.message.contains("s3cret"))
        }
    }
}
