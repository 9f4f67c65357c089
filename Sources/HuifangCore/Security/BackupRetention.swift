import Foundation

/// Which backups to keep (R-OPS-3): the newest of each of the last `daily` days and the
/// newest of each of the last `weekly` ISO weeks, in UTC. The newest backup is always kept.
public enum BackupRetention {
    public static func keep(_ backups: [(name: String, at: Date)], daily: Int, weekly: Int) -> Set<String> {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let newestFirst = backups.sorted { $0.at > $1.at }
        var keep = Set<String>()
        if let newest = newestFirst.first { keep.insert(newest.name) }
        var days: [DateComponents] = []
        var weeks: [DateComponents] = []
        for backup in newestFirst {
            let day = calendar.dateComponents([.year, .month, .day], from: backup.at)
            if !days.contains(day) && days.count < daily {
                days.append(day)
                keep.insert(backup.name)
            }
            let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: backup.at)
            if !weeks.contains(week) && weeks.count < weekly {
                weeks.append(week)
                keep.insert(backup.name)
            }
        }
        return keep
    }
}
