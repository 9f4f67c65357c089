/// A configuration problem, written `FILE:LINE:COL: message` like a compiler error so that
/// editors can jump to it. Huifangd exits with 78 (EX_CONFIG) on one.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var position: TOMLPosition?
    public var message: String

    public init(file: String, position: TOMLPosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        if let position { return "\(file):\(position.line):\(position.column): \(message)" }
        return "\(file): \(message)"
    }

    public static let exitCode: Int32 = 78
}
