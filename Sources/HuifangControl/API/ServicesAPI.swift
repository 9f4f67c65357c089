import Foundation
import HuifangCore

// The service catalogue of the control protocol, declared once (see `ControlMethod`). R-BIZ-1.

extension API {
    public enum ServiceList: ControlMethod {
        public typealias Args = NoArgs
        public typealias Result = [ServiceView]
        public static let name = "service.list"
        public static let summary = "the service catalogue: each service's names, aliases, category and the protocols a visit starts"
        public static let access = Access.everyone
    }
}

public struct ServiceView: Codable, Sendable, Equatable {
    public var id: String
    /// Display names by locale (`zh-Hans`, `zh-Hant`, `en`).
    public var names: [String: String]
    public var aliases: [String]
    public var category: String
    public var protocols: [String]

    public init(id: String, names: [String: String], aliases: [String], category: String, protocols: [String]) {
        self.id = id
        self.names = names
        self.aliases = aliases
        self.category = category
        self.protocols = protocols
    }
}
