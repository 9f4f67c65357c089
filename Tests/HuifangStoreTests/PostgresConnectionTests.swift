import Foundation
import HuifangStore
import HuifangTestSupport
import Synchronization
import Testing

/// The PostgreSQL driver's connection (issue 16, R-OPS-5) against a real server: the test
/// process's throwaway cluster on a Unix socket, a database of its own for each test.
@Suite(.serialized) struct PostgresConnectionTests {
    @Test("R-OPS-5 a statement prepared on one session survives another node altering its table (a rolling upgrade): it is prepared afresh, for execute and for streaming")
    func preparedAcrossSchemaChange() throws {
        try PostgresCluster.withDatabase { url in
            let node = try PostgresConnection(url: url)
            let other = try PostgresConnection(url: url)
            try node.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL)")
            try node.execute("INSERT INTO customers VALUES (1, '王小梅')")
            let select = "SELECT * FROM customers ORDER BY id"
            #expect(try node.execute(select, [], prepare: true).columns == ["id", "name"])
            try other.execute("ALTER TABLE customers ADD COLUMN branch TEXT")
            #expect(try node.execute(select, [], prepare: true).columns == ["id", "name", "branch"])
            try other.execute("ALTER TABLE customers ADD COLUMN tier TEXT")
            var columns: [String] = []
            try node.stream(select, [], prepare: true) { rows in columns = rows.columns }
            #expect(columns == ["id", "name", "branch", "tier"])
        }
    }

    @Test("R-OPS-5 a libpq connection to a throwaway cluster: text parameters by position, NULL, Chinese text, row counts, a transaction rolled back on error, SQLSTATE on a unique violation")
    func roundTrip() throws {
        try PostgresCluster.withDatabase { url in
            let db = try PostgresConnection(url: url)
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
            } catch let error as PostgresError {
                #expect(error.sqlState == "23505", "\(error)")
                #expect(error.message.contains("customers_phone_key"), "\(error)")
            }
            // The connection is usable after an error.
            #expect(try db.transaction { try db.execute("UPDATE customers SET name = $1 WHERE id = 2", ["李雷雷"]).affected } == 1)
        }
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

/// Leadership for the periodic planners (issue 16): one node at a time, by a session-level
/// advisory lock; a dead node's lead passes on without waiting for anything to expire.
@Suite(.serialized) struct PostgresLeadershipTests {
    @Test("R-OPS-5 one node leads at a time; a resigned or dead leader's lead passes to the next node that tries")
    func oneLeader() throws {
        try PostgresCluster.withDatabase { url in
            let a = PostgresLeadership(url: url, key: 7_202_611)
            let b = PostgresLeadership(url: url, key: 7_202_611)
            let other = PostgresLeadership(url: url, key: 42)
            #expect(a.tryLead())
            #expect(a.tryLead(), "the leader keeps leading")
            #expect(!b.tryLead(), "a second node does not lead")
            #expect(other.tryLead(), "another key is another lead")
            a.resign()
            #expect(b.tryLead(), "a resigned lead is taken at once")
            #expect(!a.tryLead())

            // The leader's session dies (its node killed): the server releases the lock with it.
            let pid = try #require(b.backendPid)
            let admin = try PostgresConnection(url: url)
            try admin.execute("SELECT pg_terminate_backend($1)", [String(pid)])
            var taken = false
            for _ in 0..<100 where !taken {
                taken = a.tryLead()
                if !taken { usleep(20_000) }
            }
            #expect(taken, "a dead leader's lead passes on")
            #expect(!b.tryLead(), "the old leader, reconnected, finds the lead taken")
        }
    }

    @Test("R-OPS-5 a pool lends each connection to one user at a time and replaces one whose session died")
    func pool() throws {
        try PostgresCluster.withDatabase { url in
            let pool = PostgresPool(url: url, size: 2)
            let first = try pool.withConnection { try $0.execute("SELECT pg_backend_pid()").rows[0][0] }
            #expect(try pool.withConnection { try $0.execute("SELECT pg_backend_pid()").rows[0][0] } == first, "reused")
            let admin = try PostgresConnection(url: url)
            try admin.execute("SELECT pg_terminate_backend($1)", [first])
            #expect(throws: PostgresError.self) { try pool.withConnection { try $0.execute("SELECT 1") } }
            let next = try pool.withConnection { try $0.execute("SELECT pg_backend_pid()").rows[0][0] }
            #expect(next != first, "a broken connection is not lent again")
            // Two users at once get two sessions: each, holding its connection, waits (up to
            // 5 s) until the other holds one too. On two threads of their own: concurrentPerform
            // may run both turns one after the other on a busy machine (it failed so).
            let pids = Mutex<Set<String>>([])
            let holding = Atomic<Int>(0)
            let done = DispatchGroup()
            for _ in 0..<2 {
                done.enter()
                Thread {
                    defer { done.leave() }
                    _ = try? pool.withConnection { connection in
                        holding.add(1, ordering: .sequentiallyConsistent)
                        let deadline = Date().addingTimeInterval(5)
                        while holding.load(ordering: .sequentiallyConsistent) < 2, Date() < deadline { usleep(1_000) }
                        let pid = try connection.execute("SELECT pg_backend_pid()").rows[0][0] ?? ""
                        pids.withLock { _ = $0.insert(pid) }
                    }
                }.start()
            }
            done.wait()
            #expect(holding.load(ordering: .sequentiallyConsistent) == 2)
            #expect(pids.withLock { $0.count } == 2)
        }
    }
}
