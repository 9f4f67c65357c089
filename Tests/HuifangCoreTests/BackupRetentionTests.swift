import Foundation
import HuifangCore
import Testing

@Suite struct BackupRetentionTests {
    @Test("R-OPS-3 retention keeps the newest backup of each of the last N days and M weeks, and always the newest")
    func retention() {
        // Two backups a day, at 06:00 and 18:00 UTC, for 40 days.
        let midnight = 1_790_000_000 - 1_790_000_000 % 86_400
        let start = Date(timeIntervalSince1970: Double(midnight + 6 * 3600))
        let backups = (0..<80).map { i in (name: "b\(i)", at: start.addingTimeInterval(Double(i) * 12 * 3600)) }
        let kept = BackupRetention.keep(backups, daily: 7, weekly: 4)
        let newest = backups.last!.name
        #expect(kept.contains(newest))
        // The last 7 days: the later backup of each day.
        for day in 33..<40 { #expect(kept.contains("b\(day * 2 + 1)"), "day \(day)") }
        #expect(!kept.contains("b78"), "the earlier backup of the newest day goes")
        #expect(kept.count <= 7 + 4)
        #expect(kept.count >= 7)
        #expect(!kept.contains("b0"), "forty days ago is past both horizons")
        #expect(BackupRetention.keep(backups, daily: 0, weekly: 0) == [newest])
    }
}
