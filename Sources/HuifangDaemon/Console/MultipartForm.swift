/// A `multipart/form-data` body (RFC 7578), as a browser sends a form with a file: each
/// part's name, its file name if it is a file, and its bytes. Only what the console's upload
/// form needs: no nested multiparts, no transfer encodings (browsers send neither).
struct MultipartForm: Equatable {
    struct Part: Equatable {
        var name: String
        var filename: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    /// The text of a field that is not a file.
    subscript(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.flatMap { String(validating: $0.bytes, as: UTF8.self) }
    }

    /// The first file part named `name`.
    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.filename != nil } }

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` header, else nil.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = piece.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.count) ? String(value) : nil
        }
        return nil
    }

    /// Reads `body`; nil when it is not a well-formed multipart body with this boundary.
    init?(_ body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var at = Self.find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        while true {
            at += delimiter.count
            // "--" after a delimiter ends the body.
            if body[at...].starts(with: [45, 45]) { break }
            guard body[at...].starts(with: crlf) else { return nil }
            at += 2
            guard let headersEnd = Self.find(crlf + crlf, in: body, from: at),
                  let headers = String(validating: body[at..<headersEnd], as: UTF8.self),
                  let next = Self.find(crlf + delimiter, in: body, from: headersEnd + 4) else { return nil }
            guard let (name, filename) = Self.disposition(headers) else { return nil }
            parts.append(Part(name: name, filename: filename, bytes: Array(body[(headersEnd + 4)..<next])))
            at = next + 2
        }
        self.parts = parts
    }

    /// The `name` and `filename` of a part's `Content-Disposition: form-data` header.
    private static func disposition(_ headers: String) -> (String, String?)? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            var name: String?
            var filename: String?
            for parameter in line.split(separator: ";").dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                var value = pair[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                switch pair[0].lowercased() {
                case "name": name = String(value)
                case "filename": filename = String(value)
                default: break
                }
            }
            return name.map { ($0, filename) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
