import ArgumentParser
import HuifangControl

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Staff are people with roles; tasks go to them.",
        subcommands: [Add.self, List.self, Edit.self, Passwd.self])

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: API.StaffPasswd.abstract,
            discussion: "Asks for the password twice at a terminal; otherwise reads one line from standard input.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member's name.") var name: String

        func run() throws {
            let password = try PasswordPrompt.read(confirm: true)
            let m = try global.call(API.StaffPasswd.self, StaffPasswdArgs(name: name, password: password))
            global.output(m) { print(password.isEmpty ? "\(m.name) can no longer log in to the console" : "password set for \(m.name)") }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.StaffAdd.abstract)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Full name, e.g. 张医生.") var name: String
        @Option(help: "customer-service, consultant, doctor, front-desk, department-head or supervisor; repeat for more.") var role: [String] = []
        @Option(help: "Their local user's uid, so `task list --mine` knows them.") var uid: UInt32?
        @Option(help: "The branch they work at ([[branches]] id); they act for it only.") var branch: String?
        @Option(help: "Their phone.") var phone: String?

        func run() throws {
            var args = StaffAddArgs(name: name, roles: role, uid: uid, phone: phone)
            args.branch = branch
            let m = try global.call(API.StaffAdd.self, args)
            global.output(m) { print("\(m.name) (\(m.roles.joined(separator: ", ")))" + (m.branch.map { ", branch \($0)" } ?? "")) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.StaffList.abstract)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let staff = try global.call(API.StaffList.self, NoArgs())
            global.output(staff) {
                // A chain's staff say where they work ("-": the whole chain).
                let branches = staff.contains { $0.branch != nil }
                Table.print(header: ["NAME", "ROLES"] + (branches ? ["BRANCH"] : []) + ["UID", "PHONE", "OPEN TASKS", "ACTIVE"], rows: staff.map {
                    [$0.name, $0.roles.joined(separator: ", ")] + (branches ? [$0.branch ?? "-"] : [])
                        + [$0.uid.map(String.init) ?? "-", $0.phone ?? "-", "\($0.openTasks)", $0.active ? "yes" : "no"]
                })
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: API.StaffEdit.abstract)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The member's name.") var name: String
        @Option(help: "A role to add; repeat for more.") var addRole: [String] = []
        @Option(help: "A role to take away; repeat for more.") var removeRole: [String] = []
        @Option(help: "Their local user's uid.") var uid: UInt32?
        @Option(help: "Their phone (empty: none).") var phone: String?
        @Option(help: "false: gets no new tasks (left, on leave).") var active: Bool?

        func run() throws {
            var args = StaffEditArgs(name: name)
            args.addRoles = addRole.isEmpty ? nil : addRole
            args.removeRoles = removeRole.isEmpty ? nil : removeRole
            args.uid = uid
            args.phone = phone
            args.active = active
            let m = try global.call(API.StaffEdit.self, args)
            global.output(m) { print("\(m.name) (\(m.roles.joined(separator: ", ")))\(m.active ? "" : ", inactive")") }
        }
    }
}
