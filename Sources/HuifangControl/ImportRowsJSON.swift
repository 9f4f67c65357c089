import HuifangCore

// The customers import read and written as JSON bytes, without JSONDecoder or JSONEncoder:
// an import sends every row twice (check, then write), and the coders' per-key snake-case
// conversion was most of the daemon's decoding time. The wire form is the Codable one
// (`ControlCoding`); tests hold the two to the same values.

extension ImportBatchArgs: JSONBytesDecodable where Row: JSONBytesDecodable {
    @inlinable
    public init?(json reader: inout JSONByteReader) {
        var rows: [ImportLine<Row>]?
        var dryRun: Bool?
        var skipInvalid: Bool?
        let read = reader.object { key, reader in
            switch key {
            case "rows" where rows == nil:
                rows = reader.array { reader in ImportLine<Row>(json: &reader) }
                return rows != nil
            case "dry_run" where dryRun == nil:
                dryRun = reader.bool()
                return dryRun != nil
            case "skip_invalid" where skipInvalid == nil:
                skipInvalid = reader.bool()
                return skipInvalid != nil
            default:
                return false
            }
        }
        guard read, let rows, let dryRun, let skipInvalid else { return nil }
        self.init(rows: rows, dryRun: dryRun, skipInvalid: skipInvalid)
    }
}

extension ImportLine: JSONBytesDecodable where Row: JSONBytesDecodable {
    @inlinable
    public init?(json reader: inout JSONByteReader) {
        var line: Int?
        var row: Row?
        let read = reader.object { key, reader in
            switch key {
            case "line" where line == nil:
                line = reader.int()
                return line != nil
            case "row" where row == nil:
                row = Row(json: &reader)
                return row != nil
            default:
                return false
            }
        }
        guard read, let line, let row else { return nil }
        self.init(line: line, row: row)
    }
}

extension ImportLine: JSONBytesEncodable where Row: JSONBytesEncodable {
    public func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"line":"#.utf8)
        out.append(contentsOf: String(line).utf8)
        out.append(contentsOf: #","row":"#.utf8)
        row.appendJSON(to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension CustomerAddArgs: JSONBytesDecodable, JSONBytesEncodable {
    public init?(json reader: inout JSONByteReader) {
        var args = CustomerAddArgs(name: "")
        var seen: UInt32 = 0
        var named = false
        let read = reader.object { key, reader in
            func text(_ value: inout String?) -> Bool {
                guard let read = reader.optionalString() else { return false }
                value = read
                return true
            }
            func flag(_ value: inout Bool?) -> Bool {
                guard let read = reader.optionalBool() else { return false }
                value = read
                return true
            }
            // A key twice, or one this reader does not know, goes to JSONDecoder.
            func first(_ bit: UInt32) -> Bool {
                defer { seen |= 1 << bit }
                return seen & 1 << bit == 0
            }
            switch key {
            case "name":
                guard first(0), let value = reader.string() else { return false }
                args.name = value
                named = true
                return true
            case "phone": return first(1) && text(&args.phone)
            case "email": return first(2) && text(&args.email)
            case "wechat_id": return first(3) && text(&args.wechatId)
            case "birthday": return first(4) && text(&args.birthday)
            case "tz": return first(5) && text(&args.tz)
            case "locale": return first(6) && text(&args.locale)
            case "gender": return first(7) && text(&args.gender)
            case "notes": return first(8) && text(&args.notes)
            case "lunar_date": return first(9) && text(&args.lunarDate)
            case "branch": return first(10) && text(&args.branch)
            case "lunar_birthday": return first(11) && flag(&args.lunarBirthday)
            case "allow_duplicate": return first(12) && flag(&args.allowDuplicate)
            case "birth_year":
                guard first(13), let value = reader.optionalInt() else { return false }
                args.birthYear = value
                return true
            case "tags":
                guard first(14) else { return false }
                if reader.null() {
                    args.tags = nil
                    return true
                }
                guard let value = reader.array({ reader in reader.string() }) else { return false }
                args.tags = value
                return true
            default:
                return false
            }
        }
        guard read, named else { return nil }  // the name is required
        self = args
    }

    public func appendJSON(to out: inout [UInt8]) {
        // Keys in the order the sorted encoder writes them.
        var first = true
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: #"":"#.utf8)
        }
        func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            WebhookPayload.appendString(value, to: &out)
        }
        func bool(_ name: StaticString, _ value: Bool?) {
            guard let value else { return }
            key(name)
            out.append(contentsOf: (value ? "true" : "false").utf8)
        }
        bool("allow_duplicate", allowDuplicate)
        if let birthYear {
            key("birth_year")
            out.append(contentsOf: String(birthYear).utf8)
        }
        string("birthday", birthday)
        string("branch", branch)
        string("email", email)
        string("gender", gender)
        string("locale", locale)
        bool("lunar_birthday", lunarBirthday)
        string("lunar_date", lunarDate)
        string("name", name)
        string("notes", notes)
        string("phone", phone)
        if let tags {
            key("tags")
            out.append(UInt8(ascii: "["))
            for (index, tag) in tags.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                WebhookPayload.appendString(tag, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        string("tz", tz)
        string("wechat_id", wechatId)
        out.append(UInt8(ascii: "}"))
    }
}
