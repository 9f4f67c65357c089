/// A message template: text with `{variable}` placeholders (`{{` and `}}` for braces).
/// Parsed once, at config load, so that a template naming an unknown variable is a config
/// error, never a broken message at send time.
public struct MessageTemplate: Hashable, Sendable {
    enum Piece: Hashable, Sendable {
        case text(String)
        case variable(String)
    }

    let pieces: [Piece]
    public let source: String

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unknownVariable(String, allowed: [String])
        case unclosedBrace
        case emptyVariable

        public var description: String {
            switch self {
            case .unknownVariable(let name, let allowed):
                "names the unknown variable {\(name)} (known: \(allowed.map { "{\($0)}" }.joined(separator: ", ")))"
            case .unclosedBrace: "has a '{' without its '}' (write {{ for a brace)"
            case .emptyVariable: "has an empty {}"
            }
        }
    }

    public init(_ source: String, allowed: [String]) throws(ParseError) {
        self.source = source
        var pieces: [Piece] = []
        var text = ""
        var index = source.startIndex
        while index < source.endIndex {
            let c = source[index]
            let next = source.index(after: index)
            if c == "{" && next < source.endIndex && source[next] == "{" {
                text.append("{")
                index = source.index(after: next)
            } else if c == "}" && next < source.endIndex && source[next] == "}" {
                text.append("}")
                index = source.index(after: next)
            } else if c == "{" {
                guard let close = source[next...].firstIndex(of: "}") else { throw .unclosedBrace }
                let name = String(source[next..<close])
                guard !name.isEmpty else { throw .emptyVariable }
                guard allowed.contains(name) else { throw .unknownVariable(name, allowed: allowed) }
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.variable(name))
                index = source.index(after: close)
            } else {
                text.append(c)
                index = next
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    public var variables: [String] {
        pieces.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    public func render(_ values: [String: String]) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .variable(let name): values[name] ?? ""
            }
        }.joined()
    }
}

/// The templates of one message kind, one per language (R-CUS-1 locales).
public struct LocalizedTemplate: Hashable, Sendable {
    public var byLocale: [MessageLocale: MessageTemplate]

    public init(_ byLocale: [MessageLocale: MessageTemplate]) { self.byLocale = byLocale }

    /// The customer's language, else Simplified Chinese, else whatever there is.
    public func template(for locale: MessageLocale) -> MessageTemplate? {
        byLocale[locale] ?? byLocale[.zhHans] ?? byLocale.values.first
    }
}
