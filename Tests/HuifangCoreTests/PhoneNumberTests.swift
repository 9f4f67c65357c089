import HuifangCore
import Testing

@Suite struct PhoneNumberTests {
    @Test("R-PPL-2 one number however it is typed: kept as E.164 in the clinic's region", arguments: [
        ("13800000000", "CN", "+8613800000000"),
        ("138-0000-0000", "CN", "+8613800000000"),
        ("+86 138 0000 0000", "CN", "+8613800000000"),
        ("0086 13800000000", "CN", "+8613800000000"),
        ("8613800000000", "CN", "+8613800000000"),
        ("(021) 6888-8888", "CN", "+862168888888"),
        ("9123 4567", "HK", "+85291234567"),
        ("(212) 555-0100", "US", "+12125550100"),
        ("+44 20 7946 0958", "CN", "+442079460958"),
    ])
    func normalised(typed: String, region: String, expected: String) throws {
        #expect(try PhoneNumber.normalize(typed, region: region) == expected)
    }

    @Test("R-PPL-2 what is not a phone number is refused, saying why", arguments: [
        "12ab", "", "1380000000", "+86 1380000000", "+1234", "138000000001",
    ])
    func refused(typed: String) {
        #expect(throws: HuifangError.self) { try PhoneNumber.normalize(typed, region: "CN") }
    }
}
