import ArgumentParser
import HuifangControl

struct VisitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visit", abstract: "Record visits; their follow-up plans are made at once.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.VisitAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The service as staff say it: its id, name or an alias (service list).") var service: String
        @Flag(help: "Record a service the catalogue does not have, as written, with no follow-up plan.") var unlisted = false
        @Option(help: "The treating staff member.") var staff: String
        @Option(help: "When the visit ended, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601 (default: now).") var at: String?
        @Option(help: "The amount paid, e.g. 1234.50 (at most two decimals).") var amount: String?
        @Option(help: "The course this visit is a session of.") var course: String?
        @Option(help: "Which session of the course.") var session: Int?
        @Option(help: "How many sessions the course has.") var sessions: Int?
        @Option(help: "When the next session is, in clinic time: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00, or ISO-8601.") var nextSession: String?
        @Option(help: "The pet the visit was for, by id (pet list --customer ID).") var pet: Int64?
        @Option(help: "The branch it took place at ([[branches]] id); default: the customer's home branch.") var branch: String?

        func run() throws {
            var args = VisitAddArgs(customer: customer, service: service, staff: staff, at: at, amount: amount)
            args.course = course
            args.session = session
            args.sessions = sessions
            args.nextSession = nextSession
            args.pet = pet
            args.branch = branch
            args.unlisted = unlisted ? true : nil
            let visit = try global.call(API.VisitAdd.self, args)
            global.output(visit) {
                print("visit \(visit.id): \(visit.tasks.count) task\(visit.tasks.count == 1 ? "" : "s"), \(visit.messages.count) message\(visit.messages.count == 1 ? "" : "s") planned")
                TaskCommand.printTasks(visit.tasks)
            }
        }
    }
}

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Staff follow-up tasks.",
        subcommands: [List.self, Add.self, Done.self, NoAnswer.self, Abnormal.self, Assign.self, Move.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.TaskList.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this staff member or role.") var staff: String?
        @Option(help: "today or overdue.") var due: String?
        @Flag(help: "Only my tasks: those of the member of staff with my uid, and of their roles.") var mine = false

        func validate() throws {
            if let due, !["today", "overdue"].contains(due) { throw ValidationError("--due must be today or overdue") }
        }

        func run() throws {
            var args = TaskListArgs(staff: staff, due: due)
            args.mine = mine ? true : nil
            let tasks = try global.call(API.TaskList.self, args)
            global.output(tasks) { TaskCommand.printTasks(tasks) }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.TaskAdd.abstract)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "When: 2026-12-01 10:00, 12-01 10:00, 明天 10:00 (clinic time).") var at: String
        @Option(help: "A member of staff by name, or a role.") var staff: String
        @Option(help: "What it is for, e.g. 复查血压.") var note: String
        @Option(help: "Repeat after each close: 3m (months), 2w (weeks), 10d (days), 1y.") var every: String?
        func run() throws {
            let task = try global.call(API.TaskAdd.self, TaskAddArgs(customer: customer, at: at, staff: staff, note: note, every: every))
            global.output(task) { print(task.id) }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.TaskAssign.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's id.") var id: Int64
        @Option(help: "A member of staff by name, or a role.") var staff: String
        func run() throws {
            let task = try global.call(API.TaskAssign.self, TaskAssignArgs(id: id, staff: staff))
            global.output(task) { print("task \(task.id) → \(task.assignee)") }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.TaskMove.abstract)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's id.") var id: Int64
        @Option(help: "The new time: 明天 10:00, 12-01 10:00, … (clinic time).") var at: String
        func run() throws {
            let task = try global.call(API.TaskMove.self, TaskMoveArgs(id: id, at: at))
            global.output(task) { print("task \(task.id) due \(LocalTimeText.show(task.dueAt))") }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.TaskDone.abstract)
        @OptionGroup var options: CloseOptions
        func run() throws { try TaskCommand.close(API.TaskDone.self, options) }
    }

    struct NoAnswer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "no-answer", abstract: API.TaskNoAnswer.abstract)
        @OptionGroup var options: CloseOptions
        func run() throws { try TaskCommand.close(API.TaskNoAnswer.self, options) }
    }

    struct Abnormal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.TaskAbnormal.abstract)
        @OptionGroup var options: CloseOptions
        func validate() throws {
            if options.note == nil { throw ValidationError("--note says what is abnormal") }
        }
        func run() throws { try TaskCommand.close(API.TaskAbnormal.self, options) }
    }

    struct CloseOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's id.") var id: Int64
        @Option(help: "What happened.") var note: String?
        @Option(help: "Who made the contact (default: the assignee).") var who: String?
    }

    static func close<M: ControlMethod>(_ method: M.Type, _ options: CloseOptions) throws
        where M.Args == TaskCloseArgs, M.Result == TaskView {
        let task = try options.global.call(method, TaskCloseArgs(id: options.id, note: options.note, who: options.who))
        options.global.output(task) { print("task \(task.id) \(task.status)") }
    }

    static func printTasks(_ tasks: [TaskView]) {
        // A chain's list says which branch each task is of, when it holds more than one.
        let branches = Set(tasks.map(\.branch)).count > 1
        Table.print(header: ["ID", "DUE", "OVERDUE AT", "ASSIGNEE", "CUSTOMER", "PHONE"] + (branches ? ["BRANCH"] : []) + ["STEP", "TEXT"],
                    rows: tasks.map {
            ["\($0.id)\($0.urgent ? "!" : "")", LocalTimeText.show($0.dueAt), LocalTimeText.deadline($0.overdueAt) + ($0.overdue ? " (overdue)" : ""),
             $0.assignee, $0.customerName ?? "#\($0.customer)", $0.phone ?? "-"] + (branches ? [$0.branch ?? "-"] : []) + [$0.step, $0.text]
        })
    }
}
