import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The console's small HTTP helpers: form bodies, cookies, HTML and redirect answers, with
/// the headers every page carries (a strict Content-Security-Policy, no framing, no
/// sniffing, no caching of pages with customer data).
enum ConsoleHTTP {
    /// Largest form body the console reads.
    static let maxFormBytes = 64 * 1024

    /// Back to a form as it was filled in, so a refusal costs one correction: `path` with the
    /// form's non-empty `fields` as `new_…` query items (the page reads them with `refill`),
    /// and more query items `keep` (a customer the form was for), then `#anchor`.
    static func refilled(_ path: String, _ fields: [String], from form: [String: String], keep: [String: String] = [:],
                         anchor: String) -> String {
        var items = keep.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        for name in fields {
            if let value = field(form, name) { items.append(URLQueryItem(name: "new_\(name)", value: value)) }
        }
        var parts = URLComponents()
        parts.queryItems = items
        let query = items.isEmpty ? "" : "?" + (parts.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return path + query + "#" + anchor
    }

    /// A form's field, trimmed; nil when left empty.
    static func field(_ form: [String: String], _ name: String) -> String? {
        let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// What `refilled` sent back for `fields`, empty for those it did not.
    static func refill(_ query: [String: String], _ fields: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0, query["new_\($0)"] ?? "") })
    }

    /// `application/x-www-form-urlencoded` into name → values.
    static func form(_ bytes: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                      let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The value of one cookie.
    static func cookie(_ name: String, in request: Request) -> String? {
        for field in request.headers where field.name.canonicalName == "cookie" {
            for part in field.value.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == name { return String(pair[1]) }
            }
        }
        return nil
    }

    static func setCookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var cookie = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        if secure { cookie += "; Secure" }
        return cookie
    }

    /// Whether the browser reached us over TLS (through a reverse proxy that says so).
    static func isSecure(_ request: Request) -> Bool {
        request.headers.first { $0.name.canonicalName == "x-forwarded-proto" }?.value.lowercased() == "https"
    }

    static func html(_ status: HTTPResponse.Status = .ok, _ body: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// 303 See Other: after a post, the browser fetches the page anew (no resubmission).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders()
        headers[.location] = location
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static func securityHeaders() -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
        return headers
    }

    /// A random token for cookies and forms: 32 bytes, URL-safe base64.
    static func token() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
