/// What the scanner reads from one webhook item to classify and key it, without decoding the rest.
struct ItemFacts {
    /// Bits (`EventType.bit`) of the payload keys present with a non-null value.
    var present: UInt32 = 0
    /// `message.is_echo` is `true`.
    var isEcho = false
    var senderID: String?
    var recipientID: String?
    var timestamp: Int64?
    /// `message.mid` or `postback.mid`.
    var mid: String?

    var type: EventType { EventType.classify(present: present, isEcho: isEcho) }

    /// Reads the facts of the item object at `span` of a validated buffer.
    init(scanning scanner: JSONScanner, item span: Range<Int>) {
        var sender: Range<Int>?
        var recipient: Range<Int>?
        var timestamp: Range<Int>?
        var message: Range<Int>?
        var postback: Range<Int>?
        var present: UInt32 = 0
        // Navigation over validated bytes cannot fail; the typed-throws closure never throws here.
        try? scanner.forEachMember(ofObjectAt: span.lowerBound) { key, value in
            if scanner.isNull(value) { return true }
            if sender == nil, scanner.string(key, equals: "sender") {
                sender = value
            } else if recipient == nil, scanner.string(key, equals: "recipient") {
                recipient = value
            } else if timestamp == nil, scanner.string(key, equals: "timestamp") {
                timestamp = value
            } else {
                for (name, type) in EventType.payloadKeys where scanner.string(key, equals: name) {
                    present |= type.bit
                    if type == .message, message == nil { message = value }
                    if type == .postback, postback == nil { postback = value }
                    break
                }
            }
            return true
        }
        self.present = present
        self.senderID = sender.flatMap { ItemFacts.id(in: $0, scanner) }
        self.recipientID = recipient.flatMap { ItemFacts.id(in: $0, scanner) }
        self.timestamp = timestamp.flatMap { scanner.int64Value($0) }
        if let message, scanner.isObject(message) {
            var isEcho = false
            var mid: String?
            try? scanner.forEachMember(ofObjectAt: message.lowerBound) { key, value in
                if scanner.string(key, equals: "is_echo") {
                    isEcho = scanner.isTrue(value)
                } else if mid == nil, scanner.string(key, equals: "mid") {
                    mid = scanner.stringValue(value)
                }
                return true
            }
            self.isEcho = isEcho
            self.mid = mid
        }
        if mid == nil || mid?.isEmpty == true, let postback, scanner.isObject(postback) {
            var mid: String?
            try? scanner.forEachMember(ofObjectAt: postback.lowerBound) { key, value in
                guard scanner.string(key, equals: "mid") else { return true }
                mid = scanner.stringValue(value)
                return false
            }
            self.mid = mid
        }
        // A mid with control characters or of absurd length would reach Kafka headers and HTTP
        // headers downstream (`event-id`): such an event gets the hashed id instead.
        if let mid = self.mid, !EventID.isUsableMID(mid) { self.mid = nil }
    }

    /// The `id` of a participant object (`{"id": "…"}` or `{"id": 123}`).
    private static func id(in span: Range<Int>, _ scanner: JSONScanner) -> String? {
        guard scanner.isObject(span) else { return nil }
        var id: String?
        try? scanner.forEachMember(ofObjectAt: span.lowerBound) { key, value in
            guard scanner.string(key, equals: "id") else { return true }
            id = scanner.idValue(value)
            return false
        }
        return id?.isEmpty == true ? nil : id
    }
}
