import Foundation

/// A cookie-keeping HTTP client for the staff console's process-level tests: it logs in
/// with the login form, keeps the session cookie, and posts forms with the page's CSRF token.
public final class ConsoleClient {
    public let port: Int
    public private(set) var cookies: [String: String] = [:]

    public init(port: Int) { self.port = port }

    public struct Page {
        public var status: Int
        public var headers: [(String, String)]
        public var html: String

        public func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
        /// The first CSRF token in the page's forms.
        public var csrf: String? {
            guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        /// What the page tells after a form: its notice (`role="status"`) or refusal (`role="alert"`).
        public var said: String {
            guard let start = html.range(of: #"role=""#), let end = html[start.upperBound...].range(of: "</p>"),
                  let open = html[start.upperBound..<end.lowerBound].range(of: ">") else { return "" }
            return String(html[open.upperBound..<end.lowerBound])
        }
    }

    /// Fills in a form as a browser would: the CSRF token from `page`, posted to `path`, the
    /// redirect followed. Answers where it led and the page there (`said`: what it told).
    public func submit(from page: String, to path: String, _ form: [(String, String)]) throws -> (location: String, page: Page) {
        let csrf = try get(page).csrf ?? ""
        let posted = try post(path, [("csrf", csrf)] + form)
        guard posted.status == 303, let location = posted.header("location") else {
            throw ConsoleClientError("POST \(path) answered \(posted.status), not a redirect")
        }
        return (location, try get(location))
    }

    @discardableResult
    public func get(_ path: String) throws -> Page {
        try send("GET", path, body: nil)
    }

    @discardableResult
    public func post(_ path: String, _ form: [(String, String)]) throws -> Page {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try send("POST", path, body: body)
    }

    /// Logs in through the form; answers the page the form leads to (a redirect to /today).
    @discardableResult
    public func login(_ name: String, _ password: String) throws -> Page {
        let form = try get("/login")
        return try post("/login", [("csrf", form.csrf ?? ""), ("name", name), ("password", password)])
    }

    public func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    private func send(_ method: String, _ path: String, body: String?) throws -> Page {
        var headers: [(String, String)] = []
        if !cookies.isEmpty { headers.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        if body != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        let (status, fields, data) = try LoopbackHTTP.exchange(port: port, method: method, path: path,
                                                               body: Data((body ?? "").utf8), headers: headers)
        for (name, value) in fields where name == "set-cookie" {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        return Page(status: status, headers: fields, html: String(decoding: data, as: UTF8.self))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

public struct ConsoleClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
