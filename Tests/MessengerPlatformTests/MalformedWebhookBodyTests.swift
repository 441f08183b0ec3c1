import Foundation
import MessengerPlatform
import Testing

/// A body that must be rejected, and the code it must be rejected with.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: [UInt8]
    var code: WebhookParseError.Code
    var testDescription: String { name }

    init(_ name: String, _ body: String, _ code: WebhookParseError.Code = .invalidJSON) {
        self.name = name
        self.body = body.bytes
        self.code = code
    }

    init(_ name: String, bytes: [UInt8], _ code: WebhookParseError.Code = .invalidJSON) {
        self.name = name
        self.body = bytes
        self.code = code
    }
}

@Suite("Malformed webhook bodies")
struct MalformedWebhookBodyTests {
    static let valid = Payloads.body(items: [Payloads.message, Payloads.echo, Payloads.appRoles])

    static let cases: [MalformedCase] = [
        .init("empty body", ""),
        .init("whitespace only", " \n\t "),
        .init("truncated", String(valid.dropLast(3))),
        .init("trailing garbage", valid + "x"),
        .init("second value", valid + "{}"),
        .init("bad escape", #"{"entry":[],"x":"\q"}"#),
        .init("short unicode escape", #"{"entry":[],"x":"\u00e"}"#),
        .init("non-hex unicode escape", #"{"entry":[],"x":"\u00g4"}"#),
        .init("lone low surrogate", #"{"entry":[],"x":"\udc00"}"#),
        .init("unpaired high surrogate", #"{"entry":[],"x":"\ud83d x"}"#),
        .init("raw control character in string", "{\"entry\":[],\"x\":\"a\nb\"}"),
        .init("unterminated string", #"{"entry":[],"x":"abc}"#),
        .init("invalid UTF-8", bytes: Array(#"{"entry":[],"x":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
        .init("overlong UTF-8", bytes: Array(#"{"entry":[],"x":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)),
        .init("UTF-8 surrogate", bytes: Array(#"{"entry":[],"x":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)),
        .init("leading zero", #"{"entry":[],"x":012}"#),
        .init("bare minus", #"{"entry":[],"x":-}"#),
        .init("dangling fraction", #"{"entry":[],"x":1.}"#),
        .init("dangling exponent", #"{"entry":[],"x":1e}"#),
        .init("NaN", #"{"entry":[],"x":NaN}"#),
        .init("bad literal", #"{"entry":[],"x":tru}"#),
        .init("single quotes", #"{'entry':[]}"#),
        .init("trailing comma in object", #"{"entry":[],}"#),
        .init("trailing comma in array", #"{"entry":[1,]}"#),
        .init("missing colon", #"{"entry" []}"#),
        .init("unquoted key", #"{entry:[]}"#),
        .init("comment", #"{"entry":[] /* hi */}"#),
        .init("mismatched brackets", #"{"entry":[}]"#),
        .init(
            "deep nesting",
            #"{"entry":[],"x":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
            .tooDeep),
        .init("deep unclosed nesting", String(repeating: "[", count: 100_000), .tooDeep),
        .init("not an object: array", #"[{"entry":[]}]"#, .notAnObject),
        .init("not an object: string", #""entry""#, .notAnObject),
        .init("not an object: number", "42", .notAnObject),
        .init("no entry", #"{"object":"page"}"#, .noEntryArray),
        .init("entry is an object", #"{"object":"page","entry":{"id":"1"}}"#, .noEntryArray),
        .init("entry is null", #"{"object":"page","entry":null}"#, .noEntryArray),
        .init("entry element not an object", #"{"object":"page","entry":[1]}"#, .invalidEnvelope),
        .init("messaging not an array", #"{"entry":[{"id":"1","messaging":{"sender":{}}}]}"#, .invalidEnvelope),
        .init("standby item not an object", #"{"entry":[{"id":"1","standby":["x"]}]}"#, .invalidEnvelope),
        .init("object not a string", #"{"object":5,"entry":[]}"#, .invalidEnvelope),
    ]

    @Test("Malformed bodies are rejected with a typed error", arguments: cases)
    func malformedBodyIsRejected(_ malformed: MalformedCase) {
        #expect {
            try WebhookBody.split(malformed.body)
        } throws: { error in
            guard let error = error as? WebhookParseError else { return false }
            return error.code == malformed.code && !error.isRetriable && !error.reason.isEmpty
        }
    }

    @Test func everyProperPrefixOfAValidBodyIsRejected() throws {
        let body = Self.valid.bytes
        #expect(try WebhookBody.split(body).count == 3)
        for length in 0..<body.count {
            #expect(throws: WebhookParseError.self) { try WebhookBody.split(Array(body.prefix(length))) }
        }
    }

    @Test(
        "Legal but unusual JSON is accepted",
        arguments: [
            "0", "-0", "1e5", "1E+5", "-0.5e-3", "1e400", "[]", "{}", " \t\r\n[ ] ", #""\/\b\f\n\r\t\"\\""#,
            #""\ud83d\ude00 \u00E4 ä 😀""#, "[true,false,null]", #"{"a":{"b":[{"c":[]}]}}"#,
        ])
    func legalButUnusualJSONIsAccepted(_ json: String) {
        #expect(WebhookBody.isValidJSON(json.bytes))
    }

    @Test func nestingUpTo512IsAcceptedAndDeeperIsNot() {
        func nested(_ depth: Int) -> [UInt8] {
            (String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).bytes
        }
        #expect(WebhookBody.isValidJSON(nested(512)))
        #expect(!WebhookBody.isValidJSON(nested(513)))
    }

    @Test func errorDescriptionNamesReasonAndOffsetButNoPayload() {
        let secretish = #"{"entry":[],"token":"SECRET_VALUE\q"}"#
        do {
            _ = try WebhookBody.split(secretish.bytes)
            Issue.record("expected a parse error")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.offset == 33)
            #expect(!error.description.contains("SECRET"))
            #expect(error.description.contains("invalid escape"))
        }
    }

    /// Single-byte mutations of valid bodies: the scanner must never crash and must agree with
    /// Foundation's JSON parser on what is JSON (deterministic generator, so never flaky).
    @Test func mutatedBodiesNeverCrashAndAgreeWithFoundation() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let seeds = [Self.valid, RawBytesAndEventIDTests.unusualBody, Payloads.standbyCapture].map(\.bytes)
        // No 'e'/'E': Foundation rejects numbers beyond Double's range (1e400), which RFC 8259 and
        // our scanner accept; exponents are covered by `legalButUnusualJSONIsAccepted`.
        let alphabet = Array(#"{}[]",:\ u0123456789abcdfABCDF-+.trnlsx"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xFF]
        var disagreements: [String] = []
        for round in 0..<5000 {
            var body = seeds[round % seeds.count]
            for _ in 0...(round % 3) {
                let position = Int(generator.next() % UInt64(body.count))
                switch generator.next() % 3 {
                case 0: body[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: body.remove(at: position)
                default: body.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                }
            }
            let ours = WebhookBody.isValidJSON(body)
            let foundation = (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) != nil
            // Foundation's parser tolerates trailing commas (`[1,]`); RFC 8259 and we do not.
            if ours != foundation, !(foundation && Self.hasTrailingComma(body)) {
                disagreements.append("\(ours ? "we accept" : "we reject"): \(String(decoding: body, as: UTF8.self))")
            }
            // Whatever it is, splitting either succeeds or throws the typed error.
            if let items = try? WebhookBody.split(body) {
                #expect(ours)
                for item in items { #expect(Array(body[item.range]) == item.raw) }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

extension MalformedWebhookBodyTests {
    /// Whether a `,` is followed (after whitespace) by `}` or `]` anywhere in `body`.
    static func hasTrailingComma(_ body: [UInt8]) -> Bool {
        var lastSignificant: UInt8 = 0
        for byte in body where ![0x20, 0x09, 0x0A, 0x0D].contains(byte) {
            if (byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")) && lastSignificant == UInt8(ascii: ",") {
                return true
            }
            lastSignificant = byte
        }
        return false
    }
}

/// A small deterministic generator for reproducible fuzzing.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
