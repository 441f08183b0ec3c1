import MessengerPlatform

/// Properties of the webhook splitter and of the records made from its items.
enum WebhookProperties {
    static func check(_ body: [UInt8]) {
        let scannerAccepts = WebhookBody.isValidJSON(body)
        if scannerAccepts && !FoundationJSON.accepts(body) {
            violated("the scanner accepts JSON that Foundation rejects", body)
        }
        guard let split = try? WebhookBody(body) else { return }
        if !scannerAccepts { violated("a body the scanner rejects was split", body) }
        for item in split.items {
            check(item, in: body)
        }
    }

    private static func check(_ item: WebhookItem, in body: [UInt8]) {
        guard item.range.lowerBound >= 0, item.range.upperBound <= body.count,
            Array(body[item.range]) == item.raw
        else { violated("an item's raw bytes are not its range of the body", body) }
        if !FoundationJSON.acceptsObject(item.raw) { violated("an item is not a JSON object to Foundation", body) }
        for (name, text) in [("record key", item.recordKey), ("event id", item.eventID), ("page id", item.pageID)]
        where text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            violated("the \(name) has a control character", body)
        }
        if let typed = item.messaging, typed.userID != item.userID {
            violated(
                "the typed view's user (\(typed.userID ?? "nil")) is not the key's (\(item.userID ?? "nil"))", body)
        }
        let record = EventRecord(item: item, appID: "100000000000001", receivedAt: 1_700_000_000_000)
        let encoded = record.encoded()
        if !FoundationJSON.acceptsObject(encoded) { violated("a record value is not JSON to Foundation", body) }
        guard let decoded = try? EventRecord.decode(encoded) else {
            violated("a record made from an item does not decode", body)
        }
        if decoded != record { violated("a record does not survive encode and decode", body) }
    }
}
