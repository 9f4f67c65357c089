import ArgumentParser
import Foundation
import HuifangControl
import HuifangCore

@main
struct Huifangctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huifangctl",
        abstract: "Control a running huifangd over its Unix control socket.",
        discussion: """
            The socket defaults to $HUIFANG_SOCKET, else /run/huifang/control.sock. Times are read \
            and shown in the clinic's zone: 2026-11-28 15:00, 11-28 15:00, 15:00, 明天 15:00.

            Exit codes (sysexits): 0 done; 64 bad usage; 65 the daemon refused the data (an \
            invalid value, a conflict); 66 not found; 69 no daemon answers; 70 the daemon failed; \
            75 try again later (disk full, too many connections); 76 protocol mismatch; 77 your \
            role may not do this; 78 the daemon's configuration lacks what is needed.
            """,
        version: "huifangctl \(ControlProtocol.release) (control protocol \(ControlProtocol.version))",
        subcommands: [StatusCommand.self, CustomerCommand.self, ServiceCommand.self, CampaignCommand.self, MessageCommand.self, EndpointCommand.self,
                      ForecastCommand.self, VisitCommand.self, TaskCommand.self, StaffCommand.self, ContactCommand.self, PetCommand.self, AppointmentCommand.self,
                      ComplaintCommand.self, AuditCommand.self, BackupCommand.self, AdminCommand.self, ImportCommand.self,
                      PurchaseCommand.self, PointsCommand.self, ReportCommand.self, ArrearsCommand.self])

    @OptionGroup var global: GlobalOptions

    /// `--lunar-birthday` takes a lunar date, or stands alone after `--birthday` as it
    /// always could: alone, it is given the value `yes`.
    static func main() {
        main(LunarFlag.rewrite(Array(CommandLine.arguments.dropFirst())))
    }
}

enum LunarFlag {
    static func rewrite(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for (i, argument) in arguments.enumerated() {
            out.append(argument)
            if argument == "--lunar-birthday", i + 1 == arguments.count || arguments[i + 1].hasPrefix("--") {
                out.append("yes")
            }
        }
        return out
    }

    /// Whether the option's value means "celebrate the given birthday on its lunar date".
    static func isFlag(_ value: String?) -> Bool { ["yes", "true"].contains(value ?? "") }
}

/// Options every command takes; they may stand before or after the verb.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The control socket of huifangd.")
    var socket: String = ProcessInfo.processInfo.environment["HUIFANG_SOCKET"] ?? "/run/huifang/control.sock"

    @Flag(name: .long, help: "Print JSON for scripts instead of tables for people.")
    var json = false
}

/// Exit codes follow sysexits(3): 0 ok, 64 bad usage, 65 the daemon refused the data
/// (invalid value, conflict), 66 what was named does not exist, 69 daemon unreachable,
/// 70 the daemon failed, 75 try again later (store disk full, too many connections),
/// 76 client and daemon disagree on the protocol, 77 the role may not do this, 78 the
/// daemon's configuration lacks what the request needs.
enum Exit {
    static func code(for error: HuifangError) -> Int32 {
        switch error.code {
        case .invalidArgument, .malformedRequest, .lineTooLong, .conflict: return 65   // EX_DATAERR
        case .notFound: return 66                                                      // EX_NOINPUT
        case .unavailable:
            // The daemon answered but cannot take the request now; unreachable is 69.
            return error.field == "store" || error.message.hasPrefix("too many control connections") ? 75 : 69
        case .internal: return 70                                                      // EX_SOFTWARE
        case .unknownCommand, .versionMismatch: return 76                              // EX_PROTOCOL
        case .permissionDenied: return 77                                              // EX_NOPERM
        case .notConfigured: return 78                                                 // EX_CONFIG
        }
    }

    /// Under `--json` the error is also a JSON object on standard output, for scripts:
    /// `{"error": {"code": …, "message": …, "field": …}}`.
    static func fail(_ error: HuifangError, json: Bool = false) -> ExitCode {
        if json {
            var object: [String: String] = ["code": error.code.rawValue, "message": error.message]
            if let field = error.field { object["field"] = field }
            if let data = try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys, .withoutEscapingSlashes]) {
                print(String(decoding: data, as: UTF8.self))
            }
        }
        var message = "huifangctl: \(error.code.rawValue): "
        if let field = error.field { message += "\(typed(field, arguments: CommandLine.arguments)): " }
        message += error.message + "\n"
        FileHandle.standardError.write(Data(message.utf8))
        return ExitCode(code(for: error))
    }
}

extension Exit {
    /// What the daemon calls `field`, as the person typed it: the flag on their command line
    /// (`lunar_date` → `--lunar-birthday`, `birth_year` → `--birth-year`), else the field's
    /// own name (a positional argument, or a value the command filled in). `--json` keeps
    /// the daemon's name for scripts.
    static func typed(_ field: String, arguments: [String]) -> String {
        let flags = ["--" + field.replacingOccurrences(of: "_", with: "-")] + (flagsNamedOtherwise[field] ?? [])
        let given = arguments.dropFirst().prefix { $0 != "--" }
        return flags.first { flag in given.contains { $0 == flag || $0.hasPrefix(flag + "=") } } ?? field
    }

    /// The request fields whose flags are not their names in kebab case.
    private static let flagsNamedOtherwise: [String: [String]] = [
        "lunar_date": ["--lunar-birthday"], "lunar_birthday": ["--lunar-birthday"], "wechat_id": ["--wechat"], "tags": ["--tag"],
        "add_roles": ["--add-role"], "remove_roles": ["--remove-role"],
    ]
}

extension GlobalOptions {
    /// Runs one request and hands back the decoded result, or exits with the error.
    func call<M: ControlMethod>(_ method: M.Type, _ args: M.Args) throws -> M.Result {
        do {
            return try ControlClient(socketPath: socket).call(method, args)
        } catch {
            throw Exit.fail(error, json: json)
        }
    }

    /// Prints `result` as JSON (as the daemon sent it) when --json was given; otherwise runs `human`.
    func output<R: Encodable>(_ result: R, human: () -> Void) {
        if json {
            let data = (try? ControlCoding.encode(result)) ?? Data("null".utf8)
            print(String(decoding: data, as: UTF8.self))
        } else {
            human()
        }
    }
}

extension ControlMethod {
    /// The declaration's summary as a sentence, for `--help`: one text for the socket's
    /// `help` and the command line.
    static var abstract: String {
        guard let first = summary.first else { return summary }
        return first.uppercased() + summary.dropFirst() + (summary.hasSuffix(".") ? "" : ".")
    }
}
