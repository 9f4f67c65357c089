import Foundation
import HuifangCore
import Testing

@Suite struct TaskRoutingTests {
    static func member(_ name: String, _ role: StaffRole, branch: String?, active: Bool = true) -> StaffMember {
        var member = StaffMember(name: name, roles: [role], active: active)
        member.branch = branch
        return member
    }

    static let staff = [
        member("王医生", .doctor, branch: "xuhui"),
        member("李医生", .doctor, branch: "pudong"),
        member("总部医生", .doctor, branch: nil),
        member("赵医生", .doctor, branch: "pudong", active: false),
        member("陈顾问", .consultant, branch: "xuhui"),
    ]

    static func task(_ role: StaffRole) -> PlannedTask {
        PlannedTask(kind: MessageKind.followUpDue, customerId: 1, visitId: nil, step: "laser/day3", assignee: role.rawValue,
                    dueAt: Date(timeIntervalSince1970: 1_795_000_000), overdueAt: Date(timeIntervalSince1970: 1_795_086_400),
                    text: "术后第三天回访", dedupeKey: "fu:1:day3")
    }

    @Test("R-PPL-3 R-OPS-5 a branch's task goes to the least loaded active member of its role at that branch or the chain, never at another branch; without branches, anyone of the role")
    func byBranch() {
        let load = ["李医生": 3, "总部医生": 1, "王医生": 0]
        let customer = Customer(id: 1, name: "浦东客人", createdAt: Date(timeIntervalSince1970: 0))
        // 王医生 has the fewest open tasks but works at 徐汇.
        #expect(TaskRouting.assignee(for: "doctor", customer: customer, branch: "pudong", staff: Self.staff, openTasks: load) == "总部医生")
        #expect(TaskRouting.assignee(for: "doctor", customer: customer, branch: "xuhui", staff: Self.staff, openTasks: load) == "王医生")
        #expect(TaskRouting.assignee(for: "doctor", customer: customer, branch: nil, staff: Self.staff, openTasks: load) == "王医生")
        // Four tasks at 浦东 share out between 浦东's and the chain's doctors by load (总 sorts before 李 on a tie).
        let four = TaskRouting.assign(Array(repeating: Self.task(.doctor), count: 4), customer: customer, branch: "pudong",
                                      staff: Self.staff, openTasks: load)
        #expect(four.map(\.assignee) == ["总部医生", "总部医生", "总部医生", "李医生"])
        // A role with nobody at the branch stays with the role, for whoever of it can see it.
        #expect(TaskRouting.assignee(for: "consultant", customer: customer, branch: "pudong", staff: Self.staff, openTasks: [:]) == "consultant")
    }

    @Test("R-PPL-3 R-OPS-5 the customer's own consultant gets their consultant task where they work; at another branch, whose tasks they cannot see, it goes to that branch's")
    func ownConsultantByBranch() {
        var customer = Customer(id: 1, name: "徐汇客人", createdAt: Date(timeIntervalSince1970: 0))
        customer.consultant = "陈顾问"
        let staff = Self.staff + [Self.member("周顾问", .consultant, branch: "pudong")]
        let load = ["陈顾问": 0, "周顾问": 5]
        #expect(TaskRouting.assignee(for: "consultant", customer: customer, branch: "xuhui", staff: staff, openTasks: load) == "陈顾问")
        #expect(TaskRouting.assignee(for: "consultant", customer: customer, branch: nil, staff: staff, openTasks: load) == "陈顾问")
        // A visit at 浦东: 陈顾问 works at 徐汇 and would not see 浦东's task.
        #expect(TaskRouting.assignee(for: "consultant", customer: customer, branch: "pudong", staff: staff, openTasks: load) == "周顾问")
        // Without staff records the consultant is a name only, and keeps the task.
        #expect(TaskRouting.assignee(for: "consultant", customer: customer, branch: "pudong", staff: [], openTasks: [:]) == "陈顾问")
    }
}
