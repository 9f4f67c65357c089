import Foundation
import HuifangCore
import HuifangStore
import HuifangTestSupport
import Testing

@Suite struct ArrearsStoreTests {
    let dir = TempDirectory("arrears")
    let clock = ManualClock()

    @Test("R-KEEP-3 two desks paying at once through two connections: every payment counts", arguments: StoreDriver.shared)
    func concurrentPayments(_ driver: StoreDriver) throws {
        let (desk1, desk2) = try driver.pair(in: dir)
        let customer = try desk1.addCustomer(Customer(id: 0, name: "王小梅", phone: "+8613800000000", createdAt: clock.now()))
        _ = try desk1.setArrears(customerId: customer.id, owedMinor: 100_000, now: clock.now())

        let failures = Counter()
        let group = DispatchGroup()
        for desk in [desk1, desk2] {
            DispatchQueue.global().async(group: group) {
                for _ in 0..<40 {
                    guard case .paid? = try? desk.payArrears(customerId: customer.id, amountMinor: 1_000) else {
                        failures.add()
                        continue
                    }
                }
            }
        }
        group.wait()
        #expect(failures.value == 0)
        #expect(try desk2.arrears(customerId: customer.id)?.owedMinor == 100_000 - 80 * 1_000,
                "a payment was lost: two desks overwrote each other")
    }

    @Test("R-KEEP-3 a payment above the balance changes nothing; paying in full clears it", arguments: StoreDriver.allCases)
    func overpaymentAndFull(_ driver: StoreDriver) throws {
        let store = try driver.make(in: dir)
        let customer = try store.addCustomer(Customer(id: 0, name: "李四", createdAt: clock.now()))
        _ = try store.setArrears(customerId: customer.id, owedMinor: 50_000, now: clock.now())
        #expect(try store.payArrears(customerId: customer.id, amountMinor: 60_000) == .exceedsBalance(owedMinor: 50_000))
        #expect(try store.arrears(customerId: customer.id)?.owedMinor == 50_000)
        guard case .paid(let left) = try store.payArrears(customerId: customer.id, amountMinor: 20_000) else {
            Issue.record("a payment below the balance was refused")
            return
        }
        #expect(left?.owedMinor == 30_000)
        #expect(try store.payArrears(customerId: customer.id, amountMinor: 30_000) == .paid(remaining: nil))
        #expect(try store.arrears(customerId: customer.id) == nil)
        #expect(try store.payArrears(customerId: customer.id, amountMinor: 1) == .exceedsBalance(owedMinor: 0))
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
