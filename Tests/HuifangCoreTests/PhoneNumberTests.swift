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
        ("010-6888 8888", "CN", "+861068888888"),
        ("+86 10 6888 8888", "CN", "+861068888888"),
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

    @Test("R-PPL-2 a phone written as staff read it: their own region's nationally, any other with its country code apart", arguments: [
        ("+8613800000001", "CN", "138 0000 0001"),
        ("+862168888888", "CN", "021-6888 8888"),
        ("+861068888888", "CN", "010-6888 8888"),
        ("+8675588888888", "CN", "0755-8888 8888"),
        ("+863718888888", "CN", "0371-8888888"),
        ("+85291234567", "CN", "+852 9123 4567"),
        ("+85291234567", "HK", "9123 4567"),
        ("+8613800000001", "HK", "+86 138 0000 0001"),
        ("+442079460958", "CN", "+44 2079460958"),
        ("+12125550100", "CN", "+1 2125550100"),
        ("+4930123456", "CN", "+4930123456"),
        ("13800000001", "CN", "13800000001"),
    ])
    func readable(kept: String, region: String, expected: String) throws {
        #expect(PhoneNumber.readable(kept, region: region) == expected)
        if kept.hasPrefix("+") {
            // What staff see is what they may type back: it reads as the same number.
            #expect(try PhoneNumber.normalize(expected, region: region) == kept)
        }
    }
}
