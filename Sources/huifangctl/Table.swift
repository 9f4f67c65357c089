/// Plain-text tables for people; CJK characters take two columns on a terminal.
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
        for row in [header] + rows {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell))
            }
            Swift.print(cells.joined(separator: "  "))
        }
    }

    static func printFields(_ fields: [(String, String)]) {
        let labelWidth = fields.map { width($0.0) }.max() ?? 0
        for (label, value) in fields {
            Swift.print(label + ":" + String(repeating: " ", count: labelWidth - width(label) + 1) + value)
        }
    }

    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    private static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }
}
