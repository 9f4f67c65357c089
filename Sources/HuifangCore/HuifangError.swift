/// A typed error with a stable code, the field it concerns (if any), and a message that is
/// safe to show and log: it never contains customer data (DESIGN rule 6).
///
/// `message` is English, for operators, logs and the control protocol. `chinese` is the
/// same refusal as a clinic's staff read it in the console; where a site gives none, the
/// console says it from the code and the field (`ConsoleErrorText`).
public struct HuifangError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case invalidArgument = "invalid_argument"
        case notFound = "not_found"
        case conflict
        case malformedRequest = "malformed_request"
        case lineTooLong = "line_too_long"
        case unknownCommand = "unknown_command"
        /// The client and the daemon speak different versions of the control protocol.
        case versionMismatch = "version_mismatch"
        case permissionDenied = "permission_denied"
        case unavailable
        /// The daemon's configuration lacks what the request needs (e.g. a health key).
        case notConfigured = "not_configured"
        case `internal`
    }

    public var code: Code
    public var message: String
    public var field: String?
    /// The same, in Chinese as staff read it; nil: said from `code` and `field`.
    public var chinese: String?

    public init(_ code: Code, _ message: String, field: String? = nil, chinese: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.chinese = chinese
    }

    public static func invalid(_ field: String, _ message: String, chinese: String? = nil) -> HuifangError {
        HuifangError(.invalidArgument, message, field: field, chinese: chinese)
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
