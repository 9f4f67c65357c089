import Foundation

/// R-MEM-7: a tier whose benefits include a birthday gift (生日礼) gets one, tracked as a task
/// for the front desk: due some days before the birthday (to prepare the gift), overdue at
/// the end of the birthday; closing it records the gift given.
public enum BirthdayGifts {
    public static let kind = "birthday.gift"

    public static func plan(customers: [Customer], tiers: [Int64: Tier], rule: BirthdayRule, daysBefore: Int,
                            from: Date, through: Date) -> [PlannedTask] {
        var tasks: [PlannedTask] = []
        for customer in customers {
            guard let tier = tiers[customer.id], hasGift(tier),
                  let zone = TimeZone(identifier: customer.timeZone) else { continue }
            let calendar = ContactWindows.calendar(zone)
            let firstYear = calendar.component(.year, from: from)
            for year in firstYear...(firstYear + 1) {
                guard let (date, _) = rule.occasion(for: customer, year: year),
                      let birthday = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
                      let due = calendar.date(byAdding: .day, value: -daysBefore, to: birthday).flatMap({ calendar.date(byAdding: .hour, value: 9, to: $0) }),
                      let end = calendar.date(byAdding: .day, value: 1, to: birthday),
                      due >= from.addingTimeInterval(-86_400), due <= through, customer.createdAt < end else { continue }
                tasks.append(PlannedTask(
                    kind: kind, customerId: customer.id, visitId: nil, step: "gift", assignee: StaffRole.frontDesk.rawValue,
                    dueAt: due, overdueAt: end,
                    text: "为\(customer.name)准备生日礼（\(tier.name)，\(date.month)月\(date.day)日生日），送出后请记为已完成",
                    dedupeKey: "gift:\(customer.id):\(year)"))
            }
        }
        return tasks
    }

    /// Whether a tier's benefits name a birthday gift (生日礼).
    public static func hasGift(_ tier: Tier?) -> Bool {
        tier?.benefits.contains { $0.contains("生日") } == true
    }
}
