import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`), answered without
    /// Foundation when neither end is blank: Foundation bridges through NSString on Linux,
    /// and an import trims several fields per row. (Every scalar either set holds is
    /// White_Space, so an end that is not cannot be trimmed by either.)
    public func trimmingBlanks(newlines: Bool = false) -> String {
        func blank(_ scalar: Unicode.Scalar?) -> Bool { scalar?.properties.isWhitespace ?? false }
        if !blank(unicodeScalars.first) && !blank(unicodeScalars.last) { return self }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
