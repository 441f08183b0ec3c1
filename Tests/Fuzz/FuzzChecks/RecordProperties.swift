import MessengerPlatform

/// Properties of the record decoder on arbitrary values (what a consumer may find on a topic).
enum RecordProperties {
    static func check(_ value: [UInt8]) {
        guard let record = try? EventRecord.decode(value) else { return }
        if !FoundationJSON.accepts(value) { violated("a value Foundation rejects decoded as a record", value) }
        let encoded = record.encoded()
        if !FoundationJSON.acceptsObject(encoded) { violated("a re-encoded record is not JSON to Foundation", value) }
        guard let again = try? EventRecord.decode(encoded) else {
            violated("a re-encoded record does not decode", value)
        }
        if again != record { violated("a decoded record changes when encoded and decoded again", value) }
    }
}
