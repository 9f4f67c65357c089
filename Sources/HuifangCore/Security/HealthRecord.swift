import Foundation

/// A customer's health data (R-CUS-2): sensitive personal information. It exists in
/// plaintext only in memory; the store holds it sealed (`SealedHealth`).
public struct HealthRecord: Codable, Hashable, Sendable {
    public var symptoms: String?
    public var history: String?
    public var allergies: String?
    public var familyHistory: String?
    public var assessment: String?

    public init(symptoms: String? = nil, history: String? = nil, allergies: String? = nil,
                familyHistory: String? = nil, assessment: String? = nil) {
        self.symptoms = symptoms
        self.history = history
        self.allergies = allergies
        self.familyHistory = familyHistory
        self.assessment = assessment
    }

    /// The field names as the control protocol and CLI spell them.
    public static let fieldNames = ["symptoms", "history", "allergies", "family_history", "assessment"]

    /// This record with every field of `update` that is set written over it.
    public func merged(with update: HealthRecord) -> HealthRecord {
        HealthRecord(symptoms: update.symptoms ?? symptoms, history: update.history ?? history,
                     allergies: update.allergies ?? allergies, familyHistory: update.familyHistory ?? familyHistory,
                     assessment: update.assessment ?? assessment)
    }

    public var isEmpty: Bool { self == HealthRecord() }
}

/// A health record as the store keeps it: sealed (AES-GCM) under the key named by `keyId`.
public struct SealedHealth: Hashable, Sendable {
    public var customerId: Int64
    /// Which key sealed it (a fingerprint, not the key).
    public var keyId: String
    /// Nonce, ciphertext and tag, as one blob.
    public var box: Data
    public var updatedAt: Date

    public init(customerId: Int64, keyId: String, box: Data, updatedAt: Date) {
        self.customerId = customerId
        self.keyId = keyId
        self.box = box
        self.updatedAt = updatedAt
    }
}

/// The store port for sealed health records.
public protocol HealthStore: Sendable {
    func sealedHealth(customerId: Int64) throws -> SealedHealth?
    /// Writes (or replaces) a customer's sealed record.
    func saveSealedHealth(_ record: SealedHealth) throws
    /// The key ids in use, with how many records each sealed.
    func healthKeyIds() throws -> [String: Int]
    /// Every sealed record (a key rotation re-seals them all in one unit of work).
    func allSealedHealth() throws -> [SealedHealth]
}
