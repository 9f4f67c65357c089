import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain-text tables for people. Widths are display columns: CJK characters and emoji take
/// two, combining marks none (they ride on the character before). On a terminal a table
/// fits its width: the last column is cut with `…`.
enum Table {
    static func print(header: [String], rows: [[String]]) {
        if rows.isEmpty {
            Swift.print("(none)")
            return
        }
        var widths = header.map(width)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) }
        }
        let fixed = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let room = terminalColumns().map { max(8, $0 - fixed) }
        for row in [header] + rows {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? room.map { cut(cell, to: $0) } ?? cell : cell + String(repeating: " ", count: widths[i] - width(cell))
            }
            Swift.print(cells.joined(separator: "  "))
        }
    }

    /// The terminal's width, when standard output is one (or `COLUMNS` says it).
    static func terminalColumns() -> Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// `text` in at most `columns` display columns, ending in `…` when cut.
    static func cut(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = width(character)
            if used + w > columns - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    static func printFields(_ fields: [(String, String)]) {
        let labelWidth = fields.map { width($0.0) }.max() ?? 0
        for (label, value) in fields {
            Swift.print(label + ":" + String(repeating: " ", count: labelWidth - width(label) + 1) + value)
        }
    }

    static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + width($1) }
    }

    /// One character as the terminal draws it: combining marks and joiners are part of it.
    static func width(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .control || first.properties.generalCategory == .format { return 0 }
        if isWide(first) || first.properties.isEmojiPresentation
            || character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    private static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }
}
