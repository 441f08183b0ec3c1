extension String {
    /// The NUL-terminated text librdkafka wrote into an error buffer.
    init(errorBuffer buffer: [CChar]) {
        self = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
