import Foundation
@testable import HuifangStore
import Testing

/// How the service opens SQLite (`AppDatabase`).
@Suite struct AppDatabaseTests {
    @Test("SQLite keeps no count of the memory it allocates (a process-wide lock at every allocation and free)")
    func noMemoryCount() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.customers(ids: [1, 2, 3])
        // With the count on, an open connection alone holds hundreds of KB on it.
        #expect(AppDatabase.countedMemory == 0, "SQLite initialized before AppDatabase tuned it")
    }
}
