import Foundation

/// The languages messages are written in (R-CUS-1).
public enum MessageLocale: String, Codable, Sendable, CaseIterable {
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"
    case en
}

public enum Gender: String, Codable, Sendable, CaseIterable {
    case female, male, other, unknown
}

/// A pet of a pet groomer's customer (R-PPL-4): a dependant with a name, a species, maybe
/// a breed and a birthday. Its visits name it, its owner hears of its rebooking and its
/// birthday.
public struct Pet: Hashable, Sendable {
    public var id: Int64
    public var customerId: Int64
    public var name: String
    public var species: String
    public var breed: String?
    public var birthday: LocalDate?

    public init(id: Int64 = 0, customerId: Int64, name: String, species: String, breed: String? = nil, birthday: LocalDate? = nil) {
        self.id = id
        self.customerId = customerId
        self.name = name
        self.species = species
        self.breed = breed
        self.birthday = birthday
    }
}

/// A customer record (R-CUS-1). Health data (R-CUS-2) lives elsewhere, encrypted.
public struct Customer: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var gender: Gender
    public var birthday: LocalDate?
    public var lunarBirthday: Bool
    public var phone: String?
    public var email: String?
    public var wechatId: String?
    public var address: String?
    public var occupation: String?
    public var preferredChannel: String?
    public var locale: MessageLocale
    public var timeZone: String
    public var tags: [String]
    public var notes: String
    public var createdAt: Date
    /// Channels the customer opted out of (R-CUS-4): nothing but essential messages on them.
    public var optedOut: Set<String> = []
    /// When the customer was erased on request (R-CUS-5): nothing personal is left, and
    /// nothing is planned or sent for them again.
    public var erasedAt: Date?
    /// The customer's own consultant (专属顾问), by name: their consultant's tasks go to them.
    public var consultant: String?
    /// A lunar birthday known without its year (R-TIME-3): greeted on that lunar date.
    /// With a known year it is kept as `birthday` with `lunarBirthday` instead.
    public var lunarDate: LunarDate?
    /// The customer's home branch (`[[branches]]` id); nil: none, or a single clinic.
    public var branch: String?

    public init(
        id: Int64, name: String, gender: Gender = .unknown, birthday: LocalDate? = nil,
        lunarBirthday: Bool = false, phone: String? = nil, email: String? = nil,
        wechatId: String? = nil, address: String? = nil, occupation: String? = nil,
        preferredChannel: String? = nil, locale: MessageLocale = .zhHans,
        timeZone: String = "Asia/Shanghai", tags: [String] = [], notes: String = "",
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.lunarBirthday = lunarBirthday
        self.phone = phone
        self.email = email
        self.wechatId = wechatId
        self.address = address
        self.occupation = occupation
        self.preferredChannel = preferredChannel
        self.locale = locale
        self.timeZone = timeZone
        self.tags = tags
        self.notes = notes
        self.createdAt = createdAt
    }
}

/// The store port for pets (R-PPL-4).
public protocol PetStore: Sendable {
    func addPet(_ pet: Pet, now: Date) throws -> Pet
    func pet(id: Int64) throws -> Pet?
    /// The pets of these owners, by owner.
    func pets(customerIds: [Int64]) throws -> [Int64: [Pet]]
    func updatePet(_ pet: Pet, now: Date) throws
}
