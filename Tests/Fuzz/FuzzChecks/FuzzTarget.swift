/// The fuzzed entry points, each a property over arbitrary bytes that must hold for every input.
///
/// A violated property calls `fatalError` with what broke, which libFuzzer reports as a crash and
/// saves the input; the same functions replay saved inputs in the test suite and in
/// `handover-fuzz --replay`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A webhook body through the splitter, each item into a record and back, against Foundation.
    case webhook
    /// A Kafka record value through the record decoder and back, against Foundation.
    case record
    /// Signature headers and a body through the verifier.
    case signature

    /// What the target checks, for `--help`.
    public var summary: String {
        switch self {
        case .webhook:
            "webhook body -> items -> records -> decoded records; split bodies are valid JSON to Foundation too"
        case .record:
            "record value -> EventRecord -> encoded -> the same EventRecord; accepted values are JSON to Foundation"
        case .signature:
            "X-Hub-Signature(-256) headers + body -> verdict; only the exact HMAC passes, never a downgrade"
        }
    }

    /// Runs the target's properties on one input.
    public func check(_ input: [UInt8]) {
        switch self {
        case .webhook: WebhookProperties.check(input)
        case .record: RecordProperties.check(input)
        case .signature: SignatureProperties.check(input)
        }
    }
}

/// Stops the process with the property that broke: the fuzzer's crash report.
func violated(_ property: String, _ input: [UInt8]) -> Never {
    let preview = String(decoding: input.prefix(200), as: UTF8.self)
    fatalError("property violated: \(property); input (\(input.count) bytes) starts: \(preview.debugDescription)")
}
