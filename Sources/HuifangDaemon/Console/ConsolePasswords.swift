import HummingbirdBcrypt

/// Console passwords are kept as bcrypt hashes (hummingbird-auth's implementation).
enum ConsolePasswords {
    /// Cost 10: about 0.1 s a check on one core, slow for a guesser, bearable at login.
    static let cost: UInt8 = 10

    static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
