import Foundation
import HuifangCore
import Testing

@Suite struct ISO8601TextTests {
    /// Instants around the epoch, leap days, the turn of a year and DST changes.
    static let instants: [Date] = [-86_400.5, -0.001, 0, 951_782_400, 1_711_846_799.999, 1_711_846_800, 1_798_761_599.25, 1_893_456_000]
        .map(Date.init(timeIntervalSince1970:))
    static let zones = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati"]
        .map { TimeZone(identifier: $0)! }

    @Test("R-PPL-1 instants written by hand read as Foundation's formatter writes them, to the second and to the millisecond, in every zone's offset")
    func sameAsFoundation() throws {
        for zone in Self.zones {
            let seconds = ISO8601DateFormatter()
            seconds.timeZone = zone
            let millis = ISO8601DateFormatter()
            millis.timeZone = zone
            millis.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            for instant in Self.instants {
                #expect(ISO8601Text.string(instant, in: zone, milliseconds: false) == seconds.string(from: instant), "\(zone.identifier) \(instant)")
                #expect(ISO8601Text.string(instant, in: zone, milliseconds: true) == millis.string(from: instant), "\(zone.identifier) \(instant)")
            }
        }
        #expect(ISO8601Text.string(Date(timeIntervalSince1970: 1_795_000_000), in: TimeZone(identifier: "Asia/Shanghai")!, milliseconds: true)
                == "2026-11-18T19:06:40.000+08:00")
    }

    @Test("R-PPL-1 what is written is read back to the millisecond; with or without a fraction, Z or an offset; anything else is nil")
    func readBack() throws {
        for zone in Self.zones {
            for instant in Self.instants {
                let text = ISO8601Text.string(instant, in: zone, milliseconds: true)
                let read = try #require(ISO8601Text.date(text), "\(text)")
                #expect(read == Date(unixMillis: instant.unixMillis), "\(text): exactly the millisecond written")
            }
        }
        #expect(ISO8601Text.date("2026-11-28T09:00:00+08:00") == Date(timeIntervalSince1970: 1_795_827_600))
        #expect(ISO8601Text.date("2026-11-28T01:00:00Z") == Date(timeIntervalSince1970: 1_795_827_600))
        #expect(ISO8601Text.date("2026-11-28T09:00:00.250+0800") == Date(timeIntervalSince1970: 1_795_827_600.25))
        for bad in ["", "2026-11-28", "明天 10:00", "2026-13-01T00:00:00Z", "2026-11-28T09:00:00+08:00 trailing", "2026-11-28T09:00:00Zabc",
                    " 2026-11-28T09:00:00Z", "2026-11-28T09:00:00.Z", "2026-11-28T09:00:00+8:00", "2026-11-28T09:00Z"] {
            #expect(ISO8601Text.date(bad) == nil, "\(bad)")
        }
    }
}
