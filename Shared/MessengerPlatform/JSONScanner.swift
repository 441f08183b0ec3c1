#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small JSON scanner over raw bytes: one strict validating pass, then cheap navigation that
/// hands out byte ranges, so webhook items travel on exactly as Meta sent them (never re-serialised).
///
/// The validating pass also records where each object or array of the envelope levels ends, so
/// navigation jumps over items instead of re-scanning them. Navigation assumes validated input and
/// still never indexes past `count`.
struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted; deeper input is rejected, not recursed into.
    static let defaultMaxDepth = 512
    /// Containers up to this depth get their end recorded: body, `entry`, entries, `messaging`,
    /// items and their direct payload objects. Deeper ones are skipped by scanning.
    static let indexedDepth = 6

    let bytes: UnsafeRawBufferPointer
    /// Start offsets of the recorded containers, ascending (containers open in body order).
    private var containerStarts: [Int] = []
    /// End offsets (exclusive) of the recorded containers, parallel to `containerStarts`.
    private var containerEnds: [Int] = []

    /// Validates `bytes` against RFC 8259 (UTF-8, escapes incl. surrogate pairs, numbers, nesting up
    /// to `maxDepth`, nothing but whitespace after the value) and indexes its envelope containers.
    init(validating bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONScanner.defaultMaxDepth)
        throws(WebhookParseError)
    {
        self.bytes = bytes
        try validate(maxDepth: maxDepth)
    }

    var count: Int { bytes.count }

    // MARK: Validation

    /// Iterative, with an explicit stack: hostile nesting never reaches the call stack.
    private mutating func validate(maxDepth: Int) throws(WebhookParseError) {
        let n = bytes.count
        var i = 0
        // Per open container: (slot in the index or `unindexed`) << 1 | (1 for object, 0 for array).
        var stack: [Int] = []
        stack.reserveCapacity(16)
        // The keys seen so far in each open container (empty for arrays): one rule for duplicate
        // keys everywhere, refusal (RFC 7493, I-JSON), so no reader can take another duplicate than
        // the splitter or the typed view took.
        var keys: [Set<String>] = []
        let unindexed = Int.max >> 2
        containerStarts.reserveCapacity(16)
        containerEnds.reserveCapacity(16)

        valueLoop: while true {
            i = skipWhitespace(i)
            guard i < n else { throw .invalidJSON("unexpected end of input", at: i) }
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < maxDepth else { throw .tooDeep(maxDepth, at: i) }
                let isObject = bytes[i] == UInt8(ascii: "{")
                let start = i
                i = skipWhitespace(i + 1)
                guard i < n else { throw .invalidJSON("unexpected end of input", at: i) }
                if bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1  // empty: cheap to skip, not indexed
                } else {
                    var slot = unindexed
                    if stack.count < JSONScanner.indexedDepth {
                        slot = containerStarts.count
                        containerStarts.append(start)
                        containerEnds.append(n)
                    }
                    stack.append(slot << 1 | (isObject ? 1 : 0))
                    keys.append([])
                    if isObject {
                        i = try validateKeyAndColon(i, into: &keys[keys.count - 1])
                    }
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                i = try validateString(i)
            case UInt8(ascii: "t"):
                i = try validateLiteral(i, "true")
            case UInt8(ascii: "f"):
                i = try validateLiteral(i, "false")
            case UInt8(ascii: "n"):
                i = try validateLiteral(i, "null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i = try validateNumber(i)
            default:
                throw .invalidJSON("unexpected character", at: i)
            }

            // After a complete value: close containers or move to the next member/element.
            while true {
                i = skipWhitespace(i)
                guard let top = stack.last else {
                    guard i == n else { throw .invalidJSON("trailing data after JSON value", at: i) }
                    return
                }
                let inObject = top & 1 == 1
                guard i < n else { throw .invalidJSON("unexpected end of input", at: i) }
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: ",") {
                    if inObject {
                        i = try validateKeyAndColon(skipWhitespace(i), into: &keys[keys.count - 1])
                    }
                    continue valueLoop
                }
                if (inObject && c == UInt8(ascii: "}")) || (!inObject && c == UInt8(ascii: "]")) {
                    stack.removeLast()
                    keys.removeLast()
                    let slot = top >> 1
                    if slot != unindexed { containerEnds[slot] = i }
                    continue
                }
                throw .invalidJSON(inObject ? "expected ',' or '}'" : "expected ',' or ']'", at: i - 1)
            }
        }
    }

    private func validateKeyAndColon(_ start: Int, into seen: inout Set<String>) throws(WebhookParseError) -> Int {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else {
            throw .invalidJSON("expected object key", at: start)
        }
        let keyEnd = try validateString(start)
        // Decoded, so "a" and "\u0061" are the same key.
        guard seen.insert(stringValue(start..<keyEnd) ?? "").inserted else {
            throw .invalidJSON("duplicate object key", at: start)
        }
        var i = skipWhitespace(keyEnd)
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .invalidJSON("expected ':'", at: i) }
        i += 1
        return i
    }

    private func validateLiteral(_ start: Int, _ literal: StaticString) throws(WebhookParseError) -> Int {
        let length = literal.utf8CodeUnitCount
        guard start + length <= bytes.count else { throw .invalidJSON("invalid literal", at: start) }
        let expected = literal.utf8Start
        for k in 0..<length where bytes[start + k] != expected[k] {
            throw .invalidJSON("invalid literal", at: start + k)
        }
        return start + length
    }

    private func validateNumber(_ start: Int) throws(WebhookParseError) -> Int {
        let n = bytes.count
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, isDigit(bytes[i]) else { throw .invalidJSON("invalid number", at: i) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, isDigit(bytes[i]) else { throw .invalidJSON("invalid number", at: i) }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(bytes[i]) else { throw .invalidJSON("invalid number", at: i) }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        return i
    }

    /// Validates the string starting at the quote `start`; returns the index after the closing quote.
    private func validateString(_ start: Int) throws(WebhookParseError) -> Int {
        let n = bytes.count
        var i = start + 1
        while true {
            // Fast path over plain ASCII.
            while i < n {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
                i += 1
            }
            guard i < n else { throw .invalidJSON("unterminated string", at: i) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                return i + 1
            } else if c == UInt8(ascii: "\\") {
                i = try validateEscape(i)
            } else if c < 0x20 {
                throw .invalidJSON("control character in string", at: i)
            } else {
                i = try validateUTF8Sequence(i)
            }
        }
    }

    /// Validates the escape at the backslash `start`, including UTF-16 surrogate pairing.
    private func validateEscape(_ start: Int) throws(WebhookParseError) -> Int {
        guard start + 1 < bytes.count else { throw .invalidJSON("unterminated string", at: start) }
        switch bytes[start + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return start + 2
        case UInt8(ascii: "u"):
            guard let unit = hexQuad(at: start + 2) else { throw .invalidJSON("invalid \\u escape", at: start) }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw .invalidJSON("unpaired surrogate in \\u escape", at: start)
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                let next = start + 6
                guard next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                    let low = hexQuad(at: next + 2), low >= 0xDC00 && low <= 0xDFFF
                else { throw .invalidJSON("unpaired surrogate in \\u escape", at: start) }
                return next + 6
            }
            return start + 6
        default:
            throw .invalidJSON("invalid escape", at: start)
        }
    }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
    private func validateUTF8Sequence(_ start: Int) throws(WebhookParseError) -> Int {
        let n = bytes.count
        let lead = bytes[start]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw .invalidJSON("invalid UTF-8", at: start)
        }
        guard start + length <= n else { throw .invalidJSON("invalid UTF-8", at: start) }
        let second = bytes[start + 1]
        guard second >= low && second <= high else { throw .invalidJSON("invalid UTF-8", at: start) }
        for k in 2..<max(2, length) where bytes[start + k] & 0xC0 != 0x80 {
            throw .invalidJSON("invalid UTF-8", at: start)
        }
        return start + length
    }

    // MARK: Navigation (over validated input)

    func skipWhitespace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return i
            }
        }
        return i
    }

    /// The end (exclusive) of the value starting at `start` (which must not be whitespace).
    func endOfValue(_ start: Int) -> Int {
        let n = bytes.count
        guard start < n else { return n }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if let end = indexedEnd(ofContainerAt: start) { return end }
            var depth = 0
            var i = start
            while i < n {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    i = endOfString(i)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return n
        default:
            // Number or literal: runs until a structural character or whitespace.
            var i = start + 1
            while i < n {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return i
                default: i += 1
                }
            }
            return n
        }
    }

    /// The end (exclusive, after the closing quote) of the string starting at the quote `start`.
    func endOfString(_ start: Int) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        var i = start + 1
        while i < n {
            // memchr finds the next quote fast; a quote preceded by an odd run of backslashes is escaped.
            guard let found = memchr(base + i, Int32(UInt8(ascii: "\"")), n - i) else { return n }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            var k = quote - 1
            while k > start, bytes[k] == UInt8(ascii: "\\") {
                backslashes += 1
                k -= 1
            }
            if backslashes % 2 == 0 { return quote + 1 }
            i = quote + 1
        }
        return n
    }

    /// The recorded end of the container starting at `start`, if it was indexed.
    private func indexedEnd(ofContainerAt start: Int) -> Int? {
        var low = 0
        var high = containerStarts.count
        while low < high {
            let mid = (low + high) / 2
            if containerStarts[mid] < start { low = mid + 1 } else { high = mid }
        }
        guard low < containerStarts.count, containerStarts[low] == start else { return nil }
        return containerEnds[low]
    }

    /// Calls `body` with each member of the object starting at `start` (a `{`): the key's string
    /// span (quotes included) and the value's span. Stops early when `body` returns false.
    func forEachMember(
        ofObjectAt start: Int, _ body: (_ key: Range<Int>, _ value: Range<Int>) throws(WebhookParseError) -> Bool
    ) throws(WebhookParseError) {
        let n = bytes.count
        guard start < n, bytes[start] == UInt8(ascii: "{") else { return }
        var i = skipWhitespace(start + 1)
        while i < n, bytes[i] == UInt8(ascii: "\"") {
            let keyEnd = endOfString(i)
            let key = i..<keyEnd
            i = skipWhitespace(keyEnd)
            i = skipWhitespace(i + 1)  // the ':'
            let valueEnd = endOfValue(i)
            guard try body(key, i..<valueEnd) else { return }
            i = skipWhitespace(valueEnd)
            guard i < n, bytes[i] == UInt8(ascii: ",") else { return }
            i = skipWhitespace(i + 1)
        }
    }

    /// Calls `body` with the span of each element of the array starting at `start` (a `[`).
    func forEachElement(
        ofArrayAt start: Int, _ body: (_ element: Range<Int>) throws(WebhookParseError) -> Void
    ) throws(WebhookParseError) {
        let n = bytes.count
        guard start < n, bytes[start] == UInt8(ascii: "[") else { return }
        var i = skipWhitespace(start + 1)
        guard i < n, bytes[i] != UInt8(ascii: "]") else { return }
        while i < n {
            let end = endOfValue(i)
            try body(i..<end)
            i = skipWhitespace(end)
            guard i < n, bytes[i] == UInt8(ascii: ",") else { return }
            i = skipWhitespace(i + 1)
        }
    }

    // MARK: Values

    /// The first byte of a value span, or 0 for an empty span.
    func firstByte(_ span: Range<Int>) -> UInt8 {
        span.isEmpty || span.lowerBound >= bytes.count ? 0 : bytes[span.lowerBound]
    }

    func isObject(_ span: Range<Int>) -> Bool { firstByte(span) == UInt8(ascii: "{") }
    func isArray(_ span: Range<Int>) -> Bool { firstByte(span) == UInt8(ascii: "[") }
    func isString(_ span: Range<Int>) -> Bool { firstByte(span) == UInt8(ascii: "\"") }
    func isNull(_ span: Range<Int>) -> Bool { firstByte(span) == UInt8(ascii: "n") }
    func isTrue(_ span: Range<Int>) -> Bool { firstByte(span) == UInt8(ascii: "t") }

    func isNumber(_ span: Range<Int>) -> Bool {
        let c = firstByte(span)
        return c == UInt8(ascii: "-") || isDigit(c)
    }

    /// Whether the string span (quotes included) equals `key`; escaped keys are decoded first.
    func string(_ span: Range<Int>, equals key: StaticString) -> Bool {
        guard isString(span), span.count >= 2 else { return false }
        let length = key.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: key.utf8Start, count: length)
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(span.lowerBound + 1)..<(span.upperBound - 1)])
        // An escape never makes text shorter, so a raw key shorter than `key` cannot match.
        guard inner.count >= length else { return false }
        if inner.count == length, inner.elementsEqual(expected) { return true }
        guard inner.contains(UInt8(ascii: "\\")), let decoded = stringValue(span) else { return false }
        return decoded.utf8.elementsEqual(expected)
    }

    /// The decoded text of a string span (quotes included); nil when the span is not a string.
    func stringValue(_ span: Range<Int>) -> String? {
        guard isString(span), span.count >= 2 else { return nil }
        let inner = (span.lowerBound + 1)..<(span.upperBound - 1)
        let raw = UnsafeRawBufferPointer(rebasing: bytes[inner])
        guard raw.contains(UInt8(ascii: "\\")) else {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        while i < inner.upperBound {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < inner.upperBound else {
                out.append(c)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hexQuad(at: i) else { return nil }
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 6 <= inner.upperBound, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u"), let low = hexQuad(at: i + 2), low >= 0xDC00 && low <= 0xDFFF
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                UTF8.encode(unicode) { out.append($0) }
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An id as text: a string's content, or the digits of a non-negative integer literal exactly
    /// as written (never via Double); nil for other numbers (`1e99999999`, `-1`, `1.5`) and for text
    /// ``EventID/isAcceptableID(_:)`` refuses. The typed view applies the same rule.
    func idValue(_ span: Range<Int>) -> String? {
        if isString(span) { return stringValue(span).flatMap { EventID.isAcceptableID($0) ? $0 : nil } }
        guard isNumber(span) else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[span])
        guard digits.allSatisfy(isDigit) else { return nil }
        let text = String(decoding: digits, as: UTF8.self)
        return EventID.isAcceptableNumericID(text) ? text : nil
    }

    /// An id field of our own record value (written by the ingress): a string's content or a
    /// number's text, as it is.
    func recordIDValue(_ span: Range<Int>) -> String? {
        if isString(span) { return stringValue(span) }
        if isNumber(span) { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span]), as: UTF8.self) }
        return nil
    }

    /// An integer number span as Int64; nil for fractions, exponents, overflow or non-numbers.
    func int64Value(_ span: Range<Int>) -> Int64? {
        guard isNumber(span) else { return nil }
        var i = span.lowerBound
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < span.upperBound else { return nil }
        var value: Int64 = 0
        while i < span.upperBound {
            let c = bytes[i]
            guard isDigit(c) else { return nil }
            let digit = Int64(c &- UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    // MARK: Bytes

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Four hex digits at `start` as a UTF-16 code unit; nil when out of bounds or not hex.
    private func hexQuad(at start: Int) -> UInt32? {
        guard start >= 0, start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            guard let d = hexDigit(bytes[start + k]) else { return nil }
            value = value << 4 | d
        }
        return value
    }
}
