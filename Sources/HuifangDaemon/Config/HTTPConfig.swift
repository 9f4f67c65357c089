import Foundation
import HuifangCore
import HuifangDelivery

/// `[http]`: the HTTP face (inbound gateways, metrics, health); loopback by default.
public struct HTTPSettings: Sendable, Equatable {
    /// `host:port` (`[::1]:8790` for IPv6); nil: no listener (`listen = ""`).
    public var listen: HostPort? = HostPort(host: "127.0.0.1", port: 8790)
    public var maxBodyBytes = 64 * 1024
    /// The whole request, body included, must arrive and be answered within this.
    public var requestTimeoutMs = 10_000
}

public struct HostPort: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// `127.0.0.1:8790`, `[::1]:8790`, `0.0.0.0:8790`.
    public static func parse(_ text: String) -> HostPort? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port), (0...65535).contains(number), IPAddressMatch.parse(String(host)) != nil else {
            return nil
        }
        return HostPort(host: String(host), port: number)
    }
}

/// `[inbound.NAME]`: one source of inbound requests (R-IN-1…4).
public struct InboundSource: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case standardWebhooks = "standard-webhooks"
        case aliyunSMS = "aliyun-sms"
    }

    /// What a Standard Webhooks source may send (`type`).
    public enum Kind: String, Sendable, CaseIterable {
        case receipt = "message.receipt"
        case reply = "message.reply"
        case outcome = "task.outcome"
    }

    public var name: String
    public var path: String
    public var format: Format
    /// Standard Webhooks: the shared secret(s); during a rotation both are accepted.
    public var secrets: [WebhookSecret] = []
    /// Aliyun: the unguessable last segment of the URL.
    public var token: String?
    /// Source addresses allowed; empty: any.
    public var allowFrom: [IPAddressMatch] = []
    /// What this source may send; a staff app's gateway need not unsubscribe customers.
    public var accepts: Set<Kind> = Set(Kind.allCases)
    /// The channel customers' replies through this source arrive on.
    public var channel = "sms"
}

/// An address or a CIDR block (`10.0.0.0/8`, `::1`).
public struct IPAddressMatch: Sendable, Equatable, CustomStringConvertible {
    public var bytes: [UInt8]
    public var prefix: Int

    public var description: String { "\(bytes)/\(prefix)" }

    public static func parse(_ text: String) -> IPAddressMatch? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = address(first) else { return nil }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...prefix).contains(p) else { return nil }
            prefix = p
        }
        return IPAddressMatch(bytes: bytes, prefix: prefix)
    }

    /// The bytes of an IPv4 or IPv6 address; an IPv4-mapped IPv6 address is IPv4.
    public static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return Array(bytes[12...]) }
            return bytes
        }
        return nil
    }

    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var left = prefix
        for (a, b) in zip(address, bytes) {
            if left <= 0 { return true }
            let mask: UInt8 = left >= 8 ? 0xff : ~(0xff >> UInt8(left))
            if a & mask != b & mask { return false }
            left -= 8
        }
        return true
    }
}

extension HuifangConfig {
    static func readHTTP(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        if var t = try root.table("http") {
            if let (text, position) = try t.optionalString("listen") {
                if text.isEmpty {
                    config.http.listen = nil
                } else {
                    guard let parsed = HostPort.parse(text) else {
                        throw t.error("[http] listen must be HOST:PORT with an IP address (127.0.0.1:8790, [::1]:8790) or \"\" for none, not '\(text.prefix(60))'",
                                      at: position)
                    }
                    config.http.listen = parsed
                }
            }
            config.http.maxBodyBytes = try t.int("max_body_bytes", default: config.http.maxBodyBytes, range: 1024...(16 * 1024 * 1024))
            config.http.requestTimeoutMs = try t.int("request_timeout_ms", default: config.http.requestTimeoutMs, range: 100...600_000)
            try t.rejectUnknownKeys(allowed: ["listen", "max_body_bytes", "request_timeout_ms"])
        }
        if var sources = try root.table("inbound") {
            for name in sources.table.keys.sorted() {
                guard var t = try sources.table(name) else { continue }
                config.inbound.append(try readInbound(name: name, from: &t))
            }
            try sources.rejectUnknownKeys(allowed: [])
        }
        var paths: Set<String> = []
        for source in config.inbound where !paths.insert(source.path).inserted {
            throw ConfigError(file: root.file, position: nil, message: "[inbound.\(source.name)] path \(source.path) is used by another [inbound] source")
        }
        if var t = try root.table("replies") {
            var keywords = ReplyRules.Keywords()
            func list(_ key: String) throws(ConfigError) -> Set<String>? {
                guard let items = try t.stringArray(key) else { return nil }
                return Set(items.map(\.0))
            }
            keywords.optOut = try list("opt_out") ?? keywords.optOut
            keywords.confirm = try list("confirm") ?? keywords.confirm
            keywords.satisfied = try list("satisfied") ?? keywords.satisfied
            keywords.notSatisfied = try list("not_satisfied") ?? keywords.notSatisfied
            keywords.attend = try list("attend") ?? keywords.attend
            keywords.decline = try list("decline") ?? keywords.decline
            keywords.notSatisfiedMaxScore = try t.int("not_satisfied_max_score", default: keywords.notSatisfiedMaxScore, range: 0...5)
            try t.rejectUnknownKeys(allowed: ["opt_out", "confirm", "satisfied", "not_satisfied", "not_satisfied_max_score", "attend", "decline"])
            config.replyKeywords = keywords
        }
    }

    private static func readInbound(name: String, from t: inout ConfigReader) throws(ConfigError) -> InboundSource {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw t.error("inbound source name '\(name)' may hold only letters, digits, '-' and '_'", at: t.table.position)
        }
        let formatText = try t.string("format")
        guard let format = InboundSource.Format(rawValue: formatText) else {
            throw t.error("\(t.name) format must be \(InboundSource.Format.allCases.map(\.rawValue).joined(separator: " or ")), not '\(formatText.prefix(40))'",
                          at: t.position(of: "format"))
        }
        let path = try t.string("path", default: "/inbound/\(name)")
        guard path.hasPrefix("/inbound/"), path.count > 9, !path.hasSuffix("/"),
              path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_/".contains($0)) }) else {
            throw t.error("\(t.name) path must start with /inbound/ and hold only letters, digits, '-', '_' and '/' (not end in '/')",
                          at: t.position(of: "path"))
        }
        var source = InboundSource(name: name, path: path, format: format)
        switch format {
        case .standardWebhooks:
            var texts: [(String, TOMLPosition?)] = []
            if let (secret, position) = try t.optionalString("secret") { texts.append((secret, position)) }
            if let (secret, position) = try t.optionalString("previous_secret") { texts.append((secret, position)) }
            guard !texts.isEmpty else {
                throw t.error("\(t.name) needs secret = \"whsec_…\" (format standard-webhooks signs every request)", at: t.table.position)
            }
            for (text, position) in texts {
                do {
                    source.secrets.append(try WebhookSecret(parsing: text))
                } catch {
                    throw t.error("\(t.name) secret \(error.description)", at: position)
                }
            }
            if let kinds = try t.stringArray("accepts") {
                source.accepts = []
                for (kind, position) in kinds {
                    guard let parsed = InboundSource.Kind(rawValue: kind) else {
                        throw t.error("\(t.name) accepts names '\(kind.prefix(40))'; known: \(InboundSource.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                                      at: position)
                    }
                    source.accepts.insert(parsed)
                }
            }
        case .aliyunSMS:
            guard let (token, position) = try t.optionalString("token") else {
                throw t.error("\(t.name) needs token = \"…\" (at least 24 letters or digits): Aliyun signs nothing, so the URL's last segment authenticates it",
                              at: t.table.position)
            }
            guard token.count >= 24, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw t.error("\(t.name) token must be at least 24 letters, digits, '-' or '_' (e.g. openssl rand -hex 16)", at: position)
            }
            source.token = token
        }
        if let addresses = try t.stringArray("allow_from") {
            for (text, position) in addresses {
                guard let match = IPAddressMatch.parse(text) else {
                    throw t.error("\(t.name) allow_from '\(text.prefix(60))' is not an IP address or a CIDR block", at: position)
                }
                source.allowFrom.append(match)
            }
        }
        source.channel = try t.string("channel", default: source.channel)
        try t.rejectUnknownKeys(allowed: ["format", "path", "secret", "previous_secret", "token", "allow_from", "accepts", "channel"])
        return source
    }
}
