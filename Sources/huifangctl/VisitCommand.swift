import ArgumentParser
import HuifangControl

struct VisitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visit", abstract: "Record visits; their follow-up plans are made at once.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a visit; prints its id and the tasks it planned.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The customer's id.") var customer: Int64
        @Option(help: "The service, e.g. laser, botox, surgery, grooming.") var service: String
        @Option(help: "The treating staff member.") var staff: String
        @Option(help: "When the visit ended, ISO-8601 with a zone (default: now).") var at: String?
        @Option(help: "The amount paid, e.g. 1234.50 (at most two decimals).") var amount: String?
        @Option(help: "The course this visit is a session of (R-FU-7).") var course: String?
        @Option(help: "Which session of the course.") var session: Int?
        @Option(help: "How many sessions the course has.") var sessions: Int?
        @Option(help: "When the next session is, ISO-8601 with a zone.") var nextSession: String?

        func run() throws {
            var args = VisitAddArgs(customer: customer, service: service, staff: staff, at: at, amount: amount)
            args.course = course
            args.session = session
            args.sessions = sessions
            args.nextSession = nextSession
            let (visit, raw) = try global.call("visit.add", args, as: VisitView.self)
            global.output(raw) {
                print("visit \(visit.id): \(visit.tasks.count) task\(visit.tasks.count == 1 ? "" : "s"), \(visit.messages.count) message\(visit.messages.count == 1 ? "" : "s") planned")
                TaskCommand.printTasks(visit.tasks)
            }
        }
    }
}

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Staff follow-up tasks.",
        subcommands: [List.self, Done.self, NoAnswer.self, Abnormal.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open tasks, urgent and oldest first.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this staff member or role.") var staff: String?
        @Option(help: "today or overdue.") var due: String?

        func validate() throws {
            if let due, !["today", "overdue"].contains(due) { throw ValidationError("--due must be today or overdue") }
        }

        func run() throws {
            let (tasks, raw) = try global.call("task.list", TaskListArgs(staff: staff, due: due), as: [TaskView].self)
            global.output(raw) { TaskCommand.printTasks(tasks) }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a task as done, with the outcome.")
        @OptionGroup var options: CloseOptions
        func run() throws { try TaskCommand.close("task.done", options) }
    }

    struct NoAnswer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "no-answer", abstract: "The customer did not answer: call-back SMS now, consultant tasks tomorrow and in a month.")
        @OptionGroup var options: CloseOptions
        func run() throws { try TaskCommand.close("task.no-answer", options) }
    }

    struct Abnormal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An abnormal result: urgent task for the treating doctor, department head alerted.")
        @OptionGroup var options: CloseOptions
        func validate() throws {
            if options.note == nil { throw ValidationError("--note says what is abnormal") }
        }
        func run() throws { try TaskCommand.close("task.abnormal", options) }
    }

    struct CloseOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task's id.") var id: Int64
        @Option(help: "What happened.") var note: String?
        @Option(help: "Who made the contact (default: the assignee).") var who: String?
    }

    static func close(_ cmd: String, _ options: CloseOptions) throws {
        let (task, raw) = try options.global.call(cmd, TaskCloseArgs(id: options.id, note: options.note, who: options.who), as: TaskView.self)
        options.global.output(raw) { print("task \(task.id) \(task.status)") }
    }

    static func printTasks(_ tasks: [TaskView]) {
        Table.print(header: ["ID", "DUE", "OVERDUE AT", "ASSIGNEE", "CUSTOMER", "STEP", "TEXT"], rows: tasks.map {
            ["\($0.id)\($0.urgent ? "!" : "")", $0.dueAt, $0.overdueAt + ($0.overdue ? " (overdue)" : ""), $0.assignee,
             "\($0.customer)", $0.step, $0.text]
        })
    }
}
