import Foundation
import HuifangCore

// The pets commands of the control protocol, declared once (see `ControlMethod`). R-PPL-4.

extension API {
    public enum PetAdd: ControlMethod {
        public typealias Args = PetArgs
        public typealias Result = PetView
        public static let name = "pet.add"
        public static let summary = "add a customer's pet: name, species, breed, birthday"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }

    public enum PetList: ControlMethod {
        public typealias Args = PetListArgs
        public typealias Result = [PetView]
        public static let name = "pet.list"
        public static let summary = "a customer's pets"
        public static let access = Access.frontLine
    }

    public enum PetEdit: ControlMethod {
        public typealias Args = PetArgs
        public typealias Result = PetView
        public static let name = "pet.edit"
        public static let summary = "correct a pet's name, species, breed or birthday"
        public static let access = Access.frontLine
        public static let mutates = true
        public static func auditCustomer(args: Args, result: Result?) -> Int64? { result?.customer }
    }
}

// MARK: - Arguments and results

/// `pet.add` (with `customer`, `name` and `species`) and `pet.edit` (with `id`; only the
/// fields given change, an empty breed or birthday clears it).
public struct PetArgs: Codable, Sendable, Equatable {
    public var id: Int64?
    public var customer: Int64?
    public var name: String?
    public var species: String?
    public var breed: String?
    public var birthday: String?

    public init(id: Int64? = nil, customer: Int64? = nil) {
        self.id = id
        self.customer = customer
    }
}

public struct PetListArgs: Codable, Sendable, Equatable {
    public var customer: Int64
    public init(customer: Int64) { self.customer = customer }
}

public struct PetView: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: Int64
    public var name: String
    public var species: String
    public var breed: String?
    public var birthday: String?

    public init(id: Int64, customer: Int64, name: String, species: String, breed: String?, birthday: String?) {
        self.id = id
        self.customer = customer
        self.name = name
        self.species = species
        self.breed = breed
        self.birthday = birthday
    }
}
