import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a password: at a terminal, twice and without echo; from a pipe, one line.
enum PasswordPrompt {
    static func read(confirm: Bool) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            return (readLine(strippingNewline: true) ?? "")
        }
        let first = try prompt("password: ")
        if confirm {
            let second = try prompt("again:    ")
            guard first == second else { throw ValidationError("the two passwords differ; nothing was changed") }
        }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
