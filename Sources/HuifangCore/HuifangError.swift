/// A typed error with a stable code, the field it concerns (if any), and a message that is
/// safe to show and log: it never contains customer data (DESIGN rule 6).
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

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public static func invalid(_ field: String, _ message: String) -> HuifangError {
        HuifangError(.invalidArgument, message, field: field)
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
