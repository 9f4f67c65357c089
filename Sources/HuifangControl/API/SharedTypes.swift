import Foundation
import HuifangCore

// Argument and result types that several commands share.

public struct CustomerAddArgs: Codable, Sendable, Equatable {
    public var name: String
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var birthday: String?
    public var lunarBirthday: Bool?
    public var tz: String?
    public var locale: String?
    public var gender: String?
    public var tags: [String]?
    public var notes: String?
    /// A lunar birthday as people write it (`三月初八`, `闰四月初一`, `03-08`, `L04-01`).
    public var lunarDate: String?
    /// With `lunar_date`: the year of birth.
    public var birthYear: Int?
    /// Add even though another customer has this phone or e-mail (R-PPL-2).
    public var allowDuplicate: Bool?
    /// The home branch (`[[branches]]` id); default: the caller's branch, if their role has one.
    public var branch: String?

    public init(name: String) { self.name = name }
}

public struct IDArgs: Codable, Sendable, Equatable {
    public var id: Int64
    public init(id: Int64) { self.id = id }
}

/// Commands without arguments send an empty object.
public struct NoArgs: Codable, Sendable, Equatable {
    public init() {}
}

public struct CreatedID<ID: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var id: ID
    public init(id: ID) { self.id = id }
}
