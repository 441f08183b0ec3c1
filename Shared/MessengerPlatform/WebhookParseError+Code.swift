extension WebhookParseError {
    /// The kind of a `WebhookParseError`; a struct over a private enum so new codes can be added
    /// without breaking callers' `switch` statements.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidJSON = "invalid_json"
            case tooDeep = "too_deep"
            case notAnObject = "not_an_object"
            case noEntryArray = "no_entry_array"
            case invalidEnvelope = "invalid_envelope"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The bytes are not valid JSON (syntax, escapes, UTF-8, truncation, trailing data).
        public static let invalidJSON = Code(.invalidJSON)
        /// Objects and arrays are nested deeper than the scanner's limit (512).
        public static let tooDeep = Code(.tooDeep)
        /// Valid JSON, but the top-level value is not an object.
        public static let notAnObject = Code(.notAnObject)
        /// Valid JSON object without an `entry` array.
        public static let noEntryArray = Code(.noEntryArray)
        /// Valid JSON with an `entry` array whose parts have the wrong shape (an entry that is not an
        /// object, `messaging`/`standby` that is not an array, an item that is not an object, ...).
        public static let invalidEnvelope = Code(.invalidEnvelope)

        /// A snake_case name suitable for a metric label, e.g. `invalid_json`.
        public var description: String { base.rawValue }
    }
}
