/// An error from the Kafka layer: a librdkafka error code with its name, a message, and whether
/// trying again can help.
///
/// `code` is librdkafka's `rd_kafka_resp_err_t` (negative values are client-side errors such as
/// `_MSG_TIMED_OUT`, positive ones are broker error codes of the Kafka protocol). Decide on
/// ``isRetriable`` and ``isFatal`` rather than on the message text. The description never contains
/// record payloads or configuration secrets.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw `rd_kafka_resp_err_t` value.
    public let code: Int32
    /// librdkafka's symbolic name of the code, e.g. `_MSG_TIMED_OUT` or `TOPIC_ALREADY_EXISTS`.
    public let name: String
    /// What went wrong, in librdkafka's or our words.
    public let message: String
    /// Whether the same operation may succeed when tried again (broker down, timeout, queue full…).
    public let isRetriable: Bool
    /// Whether the client instance is unusable and must be recreated (e.g. a fenced idempotent
    /// producer).
    public let isFatal: Bool

    /// An error with every field given; the Kafka layer builds these from librdkafka results.
    public init(code: Int32, name: String, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// `KafkaError(NAME): message`.
    public var description: String { "KafkaError(\(name)): \(message)" }

    /// Whether the error is one of the timeout codes (message, request or operation timed out).
    public var isTimeout: Bool {
        [Self.messageTimedOutCode, Self.timedOutCode, Self.timedOutQueueCode, Self.requestTimedOutCode].contains(code)
    }

    /// Whether the error reports that the client was shut down before the operation could run.
    public var isShutdown: Bool { code == Self.destroyCode }
}

extension KafkaError {
    /// `_MSG_TIMED_OUT`: a record was not acknowledged within `message.timeout.ms`.
    public static let messageTimedOutCode: Int32 = -192
    /// `_TIMED_OUT`: an operation timed out.
    public static let timedOutCode: Int32 = -185
    /// `_TIMED_OUT_QUEUE`: timed out in a local queue.
    public static let timedOutQueueCode: Int32 = -166
    /// `REQUEST_TIMED_OUT`: the broker timed out the request.
    public static let requestTimedOutCode: Int32 = 7
    /// `_QUEUE_FULL`: the producer's local queue is full.
    public static let queueFullCode: Int32 = -184
    /// `_DESTROY`: the client is shutting down or shut down.
    public static let destroyCode: Int32 = -197
    /// `_INVALID_ARG`: an invalid argument or configuration.
    public static let invalidArgumentCode: Int32 = -186
    /// `_NO_OFFSET`: nothing to commit.
    public static let noOffsetCode: Int32 = -168
    /// `TOPIC_ALREADY_EXISTS` (CreateTopics).
    public static let topicAlreadyExistsCode: Int32 = 36

    /// A send whose answer deadline (``KafkaProducer/send(_:answerWithin:)``) passed before the
    /// broker acknowledged every record. The records may still be written.
    public static func notAcknowledgedInTime(_ deadline: Duration) -> KafkaError {
        KafkaError(
            code: timedOutCode, name: "_TIMED_OUT",
            message: "not acknowledged within \(deadline); the records may still be written", isRetriable: true,
            isFatal: false)
    }

    /// The error thrown by calls made after ``KafkaProducer/shutdown(flushTimeout:)`` or
    /// ``KafkaConsumer/shutdown()``.
    public static func shutDown(_ what: String) -> KafkaError {
        KafkaError(
            code: destroyCode, name: "_DESTROY", message: "\(what) is shut down", isRetriable: false, isFatal: false)
    }

    /// A configuration that librdkafka or this layer rejects.
    public static func invalidConfiguration(_ message: String) -> KafkaError {
        KafkaError(
            code: invalidArgumentCode, name: "_INVALID_ARG", message: message, isRetriable: false, isFatal: false)
    }
}
