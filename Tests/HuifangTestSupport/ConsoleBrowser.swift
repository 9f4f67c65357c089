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

    /// Posts a `multipart/form-data` form with one file, as a browser's upload does.
    @discardableResult
    public func upload(_ path: String, _ fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])) throws -> Page {
        let boundary = "----huifang-test-\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try send("POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Logs in through the form; answers the page the form leads to (a redirect to /today).
    @discardableResult
    public func login(_ name: String, _ password: String) throws -> Page {
        let form = try get("/login")
        return try post("/login", [("csrf", form.csrf ?? ""), ("name", name), ("password", password)])
    }

    public func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    private func send(_ method: String, _ path: String, body: String?) throws -> Page {
        try send(method, path, body: body.map { Array($0.utf8) }, contentType: body == nil ? nil : "application/x-www-form-urlencoded")
    }

    private func send(_ method: String, _ path: String, body: [UInt8]?, contentType: String?) throws -> Page {
        var headers: [(String, String)] = []
        if !cookies.isEmpty { headers.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        let (status, fields, data) = try LoopbackHTTP.exchange(port: port, method: method, path: path,
                                                               body: Data(body ?? []), headers: headers)
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
