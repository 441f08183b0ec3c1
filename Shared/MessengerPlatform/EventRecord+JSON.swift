extension EventRecord {
    /// The record value as JSON bytes; `event` is spliced in untouched (an empty `event` is
    /// written as `null` so the value stays valid JSON).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(event.count + 256 + id.utf8.count)
        out.appendASCII(#"{"version":"#)
        out.append(contentsOf: String(version).utf8)
        out.appendASCII(#","id":"#)
        out.appendJSONString(id)
        out.appendASCII(#","kind":"#)
        out.appendJSONString(kind.rawValue)
        out.appendASCII(#","type":"#)
        out.appendJSONString(type.rawValue)
        out.appendASCII(#","app_id":"#)
        out.appendJSONString(appID.rawValue)
        out.appendASCII(#","page_id":"#)
        out.appendJSONString(pageID)
        out.appendASCII(#","user_id":"#)
        if let userID { out.appendJSONString(userID) } else { out.appendASCII("null") }
        out.appendASCII(#","timestamp":"#)
        if let timestamp { out.append(contentsOf: String(timestamp).utf8) } else { out.appendASCII("null") }
        out.appendASCII(#","received_at":"#)
        out.append(contentsOf: String(receivedAt).utf8)
        out.appendASCII(#","object":"#)
        out.appendJSONString(object)
        out.appendASCII(#","event":"#)
        if event.isEmpty { out.appendASCII("null") } else { out.append(contentsOf: event) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Reads a record value back; `event` is the exact byte range of the `event` value.
    /// Unknown fields are ignored; an unknown `type` reads as `.other` so newer producers do not
    /// break older consumers; an unknown `kind` is an error (it decides routing).
    public static func decode(_ bytes: [UInt8]) throws(EventRecordDecodingError) -> EventRecord {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(EventRecordDecodingError) in try decode(raw) }
        }
        return try result.get()
    }

    private static func decode(_ raw: UnsafeRawBufferPointer) throws(EventRecordDecodingError) -> EventRecord {
        let scanner: JSONScanner
        do {
            scanner = try JSONScanner(validating: raw)
        } catch {
            throw EventRecordDecodingError(reason: "not JSON: \(error.reason)")
        }
        let start = scanner.skipWhitespace(0)
        guard scanner.isObject(start..<(start + 1)) else {
            throw EventRecordDecodingError(reason: "not a JSON object")
        }
        var fields: [Field: Range<Int>] = [:]
        try? scanner.forEachMember(ofObjectAt: start) { key, value in
            for field in Field.allCases where fields[field] == nil && scanner.string(key, equals: field.key) {
                fields[field] = value
                break
            }
            return true
        }

        func required(_ field: Field) throws(EventRecordDecodingError) -> Range<Int> {
            guard let span = fields[field], !scanner.isNull(span) else {
                throw EventRecordDecodingError(reason: "missing field \(field.key)")
            }
            return span
        }
        func wrongType(_ field: Field) -> EventRecordDecodingError {
            EventRecordDecodingError(reason: "field \(field.key) has the wrong type")
        }

        guard let version = scanner.int64Value(try required(.version)) else { throw wrongType(.version) }
        guard let id = scanner.stringValue(try required(.id)) else { throw wrongType(.id) }
        guard let kindText = scanner.stringValue(try required(.kind)) else { throw wrongType(.kind) }
        guard let kind = EventKind(rawValue: kindText) else {
            throw EventRecordDecodingError(reason: "unknown kind")
        }
        guard let typeText = scanner.stringValue(try required(.type)) else { throw wrongType(.type) }
        guard let appID = scanner.recordIDValue(try required(.appID)) else { throw wrongType(.appID) }
        guard let pageID = scanner.recordIDValue(try required(.pageID)) else { throw wrongType(.pageID) }
        var userID: String?
        if let span = fields[.userID], !scanner.isNull(span) {
            guard let value = scanner.recordIDValue(span) else { throw wrongType(.userID) }
            userID = value
        }
        var timestamp: Int64?
        if let span = fields[.timestamp], !scanner.isNull(span) {
            guard let value = scanner.int64Value(span) else { throw wrongType(.timestamp) }
            timestamp = value
        }
        guard let receivedAt = scanner.int64Value(try required(.receivedAt)) else { throw wrongType(.receivedAt) }
        var object = ""
        if let span = fields[.object], !scanner.isNull(span) {
            guard let value = scanner.stringValue(span) else { throw wrongType(.object) }
            object = value
        }
        // `encoded()` writes an empty event as `null`; it reads back as empty (absent is an error).
        guard let eventSpan = fields[.event] else { throw EventRecordDecodingError(reason: "missing field event") }
        let event = scanner.isNull(eventSpan) ? [] : Array(UnsafeRawBufferPointer(rebasing: scanner.bytes[eventSpan]))
        guard let intVersion = Int(exactly: version) else { throw wrongType(.version) }

        return EventRecord(
            version: intVersion, id: id, kind: kind, type: EventType(rawValue: typeText) ?? .other,
            appID: AppID(appID), pageID: pageID, userID: userID, timestamp: timestamp, receivedAt: receivedAt,
            object: object, event: event)
    }

    /// The fields of the record value.
    private enum Field: CaseIterable {
        case version, id, kind, type, appID, pageID, userID, timestamp, receivedAt, object, event

        var key: StaticString {
            switch self {
            case .version: "version"
            case .id: "id"
            case .kind: "kind"
            case .type: "type"
            case .appID: "app_id"
            case .pageID: "page_id"
            case .userID: "user_id"
            case .timestamp: "timestamp"
            case .receivedAt: "received_at"
            case .object: "object"
            case .event: "event"
            }
        }
    }
}
