/// The services a business offers (R-BIZ-1): each with an id, a display name per language,
/// the names staff say (`aliases`), a category and the follow-up protocols it triggers. A
/// visit or appointment names its service as staff say it; customers read display names.
public struct ServiceEntry: Sendable, Equatable {
    public var id: String
    public var names: [MessageLocale: String]
    public var aliases: [String]
    public var category: String
    /// The protocols (ids) a visit of this service starts; none is allowed.
    public var protocols: [String]

    public init(id: String, names: [MessageLocale: String], aliases: [String] = [], category: String = "", protocols: [String] = []) {
        self.id = id
        self.names = names
        self.aliases = aliases
        self.category = category
        self.protocols = protocols
    }

    /// The name in `locale`, else Chinese, else the id.
    public func name(_ locale: MessageLocale) -> String {
        names[locale] ?? names[.zhHans] ?? names.values.first ?? id
    }
}

public struct ServiceCatalogue: Sendable, Equatable {
    public var services: [ServiceEntry]

    public init(_ services: [ServiceEntry] = []) { self.services = services }

    public var isEmpty: Bool { services.isEmpty }

    public enum Lookup: Sendable, Equatable {
        case found(ServiceEntry)
        /// Nothing matched: the closest services, best first.
        case unknown(suggestions: [ServiceEntry])
    }

    /// By id, any display name or alias; case, width and spaces do not matter.
    public func lookup(_ text: String) -> Lookup {
        let key = TextFold.fold(text)
        if let hit = services.first(where: { $0.keys.contains(key) }) { return .found(hit) }
        let ranked = services.map { service in (service, service.keys.map { Self.distance(key, $0) }.min() ?? .max) }
            .filter { $0.1 <= max(2, key.count / 2) || $0.0.keys.contains { $0.contains(key) || key.contains($0) } }
            .sorted { $0.1 < $1.1 }
        return .unknown(suggestions: ranked.prefix(3).map(\.0))
    }

    public func entry(id: String) -> ServiceEntry? { services.first { $0.id == id } }

    /// Whether a visit of `service` starts `proto`: with a catalogue, the service's own list
    /// decides (an unlisted service starts none); without one, the protocol's `services`.
    public func starts(_ proto: FollowUpProtocol, for service: String) -> Bool {
        guard !isEmpty else { return proto.applies(to: service) }
        return entry(id: service)?.protocols.contains(proto.id) ?? false
    }

    /// What a customer reads for a recorded service: its display name in their language; a
    /// service not in the catalogue (`--unlisted`) as it was written.
    public func displayName(_ service: String, _ locale: MessageLocale) -> String {
        entry(id: service)?.name(locale) ?? service
    }

    /// Levenshtein distance over characters (names are short).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension ServiceEntry {
    /// Every name it answers to, folded.
    public var keys: [String] { ([id] + Array(names.values) + aliases).map(TextFold.fold) }
}

/// How typed names are compared: full-width letters and digits as half-width, case folded,
/// spaces dropped (`Ｌａｓｅｒ`, `laser` and `LASER ` are one).
public enum TextFold {
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000, 0x20, 0x09: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }
}
