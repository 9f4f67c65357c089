import Foundation
import HuifangCore

/// Unpaid balances (R-KEEP-3): a balance owed is reminded every `arrears_every_days`; after
/// `arrears_suspend_after` reminders the account is suspended until paid.
struct ArrearsLedger {
    let context: CommandContext

    init(_ context: CommandContext) { self.context = context }

    /// Sets what the customer owes (0 clears it and lifts a suspension).
    func set(customer: Customer, amount: String) throws(HuifangError) -> Arrears? {
        let owed = try Money.parse(amount, example: "1200.00")
        return try storeCall(context, "saving arrears") {
            try context.store.setArrears(customerId: customer.id, owedMinor: owed, now: context.clock.now())
        }
    }

    /// Takes a payment off the balance in one atomic update (two desks paying at once both
    /// count); more than is owed is refused and changes nothing.
    func pay(customer: Customer, amount: String) throws(HuifangError) -> Arrears? {
        let paid = try Money.parse(amount, example: "1200.00")
        let payment = try storeCall(context, "saving a payment") {
            try context.store.payArrears(customerId: customer.id, amountMinor: paid)
        }
        switch payment {
        case .paid(let remaining): return remaining
        case .exceedsBalance(let owed): throw .invalid("amount", "is more than the \(Money.format(owed)) owed")
        }
    }
}
