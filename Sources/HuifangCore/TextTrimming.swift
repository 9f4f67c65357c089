import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`), answered without
    /// Foundation when both ends are plain ASCII: Foundation bridges through NSString on
    /// Linux, and an import trims several fields per row.
    public func trimmingBlanks(newlines: Bool = false) -> String {
        func plain(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x7F } ?? true }
        if plain(utf8.first) && plain(utf8.last) { return self }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
