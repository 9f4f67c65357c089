import ArgumentParser
import Foundation
import HuifangControl
import HuifangCore

@main
struct Huifangctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huifangctl",
        abstract: "Control a running huifangd over its Unix control socket.",
        discussion: "The socket defaults to $HUIFANG_SOCKET, else /run/huifang/control.sock.",
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

/// Exit codes: 0 ok, 1 the daemon refused the request, 64 bad usage, 69 daemon unreachable,
/// 75 the daemon is up but cannot take the change now (its store's disk is full).
enum Exit {
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
        if let field = error.field { message += "\(field): " }
        message += error.message + "\n"
        FileHandle.standardError.write(Data(message.utf8))
        if error.code == .unavailable && error.field == "store" { return ExitCode(75) }   // EX_TEMPFAIL
        return error.code == .unavailable ? ExitCode(69) : ExitCode(1)
    }
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
