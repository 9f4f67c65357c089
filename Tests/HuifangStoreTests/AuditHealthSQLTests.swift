import Foundation
import HuifangCore
@testable import HuifangStore
import Testing

/// The audit log and sealed health records on the shared SQL layer (issue 16): the same
/// statements on SQLite and PostgreSQL.
@Suite(.serialized) struct AuditHealthSQLTests {
    @Test("R-OPS-5 R-OPS-2 the audit log on both drivers: appended, read newest first, narrowed by customer, time and a branch's scope (its customers, the caller's own rows), limited",
          arguments: SQLDriver.allCases)
    func audit(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            let entries = [
                AuditEntry(at: t0, uid: 1000, role: "admin", command: "customer.add", customerId: 7, outcome: .ok, detail: ""),
                AuditEntry(at: t0.addingTimeInterval(60), uid: nil, role: "manager", command: "visit.add", customerId: 7,
                           outcome: .error, detail: "invalid_argument", actor: "console:王经理"),
                AuditEntry(at: t0.addingTimeInterval(120), uid: 1001, role: "front_desk", command: "status", customerId: nil,
                           outcome: .denied, detail: ""),
            ]
            for entry in entries { try AuditSQL.append(db, entry) }
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: nil, limit: 10) == entries.reversed())
            #expect(try AuditSQL.entries(db, customerId: 7, since: nil, scope: nil, limit: 10) == [entries[1], entries[0]])
            #expect(try AuditSQL.entries(db, customerId: nil, since: t0.addingTimeInterval(60), scope: nil, limit: 1) == [entries[2]])
            // A branch's: what was done to its customers, not the chain's operations, and what
            // the caller did themselves (by uid, or as a console's actor).
            try db.insertCustomer(7)
            _ = try db.execute("UPDATE customers SET branch = 'pudong' WHERE id = 7")
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: AuditScope(branch: "pudong"), limit: 10) == [entries[1], entries[0]])
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: AuditScope(branch: "xuhui"), limit: 10).isEmpty)
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: AuditScope(branch: "xuhui", uid: 1001), limit: 10) == [entries[2]])
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: AuditScope(branch: "xuhui", actor: "console:王经理"),
                                         limit: 10) == [entries[1]])
            #expect(try AuditSQL.entries(db, customerId: nil, since: nil, scope: AuditScope(branch: "xuhui", uid: 1000, actor: "console:王经理"),
                                         limit: 10) == [entries[1], entries[0]])
        }
    }

    @Test("R-OPS-5 R-CUS-2 sealed health records on both drivers: every byte of the box kept, replaced in place, counted per key",
          arguments: SQLDriver.allCases)
    func health(driver: SQLDriver) throws {
        try driver.withConnection(migrated: true) { db in
            for id in [3, 4] as [Int64] { try db.insertCustomer(id) }
            let at = Date(timeIntervalSince1970: 1_790_000_000)
            let first = SealedHealth(customerId: 3, keyId: "k1", box: Data([0, 1, 0x7F, 0x80, 0xFF] + Array(repeating: 0x5C, count: 40)), updatedAt: at)
            try HealthSQL.save(db, first)
            try HealthSQL.save(db, SealedHealth(customerId: 4, keyId: "k1", box: Data([9]), updatedAt: at))
            #expect(try HealthSQL.sealed(db, customerId: 3) == first)
            let resealed = SealedHealth(customerId: 4, keyId: "k2", box: Data([0, 0, 0]), updatedAt: at.addingTimeInterval(5))
            try HealthSQL.save(db, resealed)
            #expect(try HealthSQL.all(db) == [first, resealed])
            #expect(try HealthSQL.keyIds(db) == ["k1": 1, "k2": 1])
            #expect(try HealthSQL.sealed(db, customerId: 5) == nil)
        }
    }
}
