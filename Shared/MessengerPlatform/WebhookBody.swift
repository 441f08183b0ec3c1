/// A webhook request body split into its items, without re-serialising anything.
///
/// Every entry of `entry[]` and every item of its `messaging[]` and `standby[]` arrays becomes one
/// `WebhookItem`, in body order; entries may mix both arrays, have only one, or neither. The body is
/// fully validated first (RFC 8259, nesting up to 512), so malformed input is rejected with a
/// `WebhookParseError` and never half-split.
public struct WebhookBody: Sendable {
    /// The top-level `object` (`page`, `instagram`, ...); empty when absent or null.
    public let object: String
    /// Every item of every entry, in body order.
    public let items: [WebhookItem]
    /// How many entries the body had (entries without items count too).
    public let entryCount: Int

    /// Splits `body`; throws when it is not JSON, not an object, or has no `entry` array.
    public init(_ body: [UInt8]) throws(WebhookParseError) {
        let result = body.withUnsafeBytes { bytes in
            Result { () throws(WebhookParseError) in try WebhookBody(bytes: bytes) }
        }
        self = try result.get()
    }

    /// Splits the body in `bytes` (e.g. a NIO `ByteBuffer`'s readable bytes) without copying it
    /// first; each item's `raw` is copied out.
    public init(bytes: UnsafeRawBufferPointer) throws(WebhookParseError) {
        let scanner = try JSONScanner(validating: bytes)
        let start = scanner.skipWhitespace(0)
        guard scanner.isObject(start..<(start + 1)) else {
            throw WebhookParseError(code: .notAnObject, reason: "top-level value is not an object", offset: start)
        }

        var objectSpan: Range<Int>?
        var entrySpan: Range<Int>?
        try scanner.forEachMember(ofObjectAt: start) { key, value in
            if objectSpan == nil, scanner.string(key, equals: "object") {
                objectSpan = value
            } else if entrySpan == nil, scanner.string(key, equals: "entry") {
                entrySpan = value
            }
            return true
        }
        var object = ""
        if let objectSpan, !scanner.isNull(objectSpan) {
            guard let text = scanner.stringValue(objectSpan) else {
                throw .envelope("object is not a string", at: objectSpan.lowerBound)
            }
            object = text
        }
        guard let entrySpan, scanner.isArray(entrySpan) else {
            throw WebhookParseError(code: .noEntryArray, reason: "no entry array", offset: entrySpan?.lowerBound)
        }

        var items: [WebhookItem] = []
        var entryCount = 0
        try scanner.forEachElement(ofArrayAt: entrySpan.lowerBound) { entry throws(WebhookParseError) in
            entryCount += 1
            try WebhookBody.split(entry: entry, object: object, scanner: scanner, into: &items)
        }
        self.object = object
        self.items = items
        self.entryCount = entryCount
    }

    /// The items of `body`; see `init(_:)`.
    public static func split(_ body: [UInt8]) throws(WebhookParseError) -> [WebhookItem] {
        try WebhookBody(body).items
    }

    /// Whether `body` is well-formed JSON (any top-level value), by the same strict scanner.
    public static func isValidJSON(_ body: [UInt8]) -> Bool {
        body.withUnsafeBytes { bytes in
            (try? JSONScanner(validating: bytes)) != nil
        }
    }

    private static func split(
        entry: Range<Int>, object: String, scanner: JSONScanner, into items: inout [WebhookItem]
    ) throws(WebhookParseError) {
        guard scanner.isObject(entry) else { throw .envelope("entry is not an object", at: entry.lowerBound) }
        var pageID: String?
        var time: Int64?
        var seenID = false
        var seenTime = false
        var lists: [(placement: WebhookItem.Placement, span: Range<Int>)] = []
        try scanner.forEachMember(ofObjectAt: entry.lowerBound) { key, value throws(WebhookParseError) in
            if !seenID, scanner.string(key, equals: "id") {
                seenID = true
                pageID = scanner.idValue(value)
            } else if !seenTime, scanner.string(key, equals: "time") {
                seenTime = true
                time = scanner.int64Value(value)
            } else {
                for placement in WebhookItem.Placement.allCases where scanner.string(key, equals: placement.key) {
                    if scanner.isNull(value) { break }
                    guard scanner.isArray(value) else {
                        throw .envelope("\(placement.rawValue) is not an array", at: value.lowerBound)
                    }
                    lists.append((placement, value))
                }
            }
            return true
        }
        for list in lists {
            try scanner.forEachElement(ofArrayAt: list.span.lowerBound) { span throws(WebhookParseError) in
                guard scanner.isObject(span) else { throw .envelope("item is not an object", at: span.lowerBound) }
                let facts = ItemFacts(scanning: scanner, item: span)
                let type = facts.type
                // An entry without id (never seen from Meta) falls back to the Page side of the item.
                let page = pageID ?? (type == .echo ? facts.senderID : facts.recipientID) ?? ""
                items.append(
                    WebhookItem(
                        object: object, pageID: page, entryTime: time, placement: list.placement,
                        raw: Array(UnsafeRawBufferPointer(rebasing: scanner.bytes[span])), range: span,
                        type: type, senderID: facts.senderID, recipientID: facts.recipientID,
                        timestamp: facts.timestamp, mid: facts.mid))
            }
        }
    }
}
