import CRdKafka

/// Hands records to `rd_kafka_produceva` (the non-variadic produce that returns an
/// `rd_kafka_error_t *`, so no thread-local `rd_kafka_last_error` is ever read).
///
/// Topic, key, value and headers are laid out in one reusable scratch buffer that lives only
/// during the call; `RD_KAFKA_MSG_F_COPY` makes librdkafka keep its own copy.
struct RDKafkaRecordEncoder {
    private var scratch: [UInt8] = []
    private var arguments: [rd_kafka_vu_t] = []

    /// Produces `record` with `opaque` as its per-message opaque. Returns the error (which the
    /// caller must consume) or `nil` when the record was enqueued.
    mutating func produce(
        _ record: KafkaProducerRecord, opaque: UnsafeMutableRawPointer, handle: RDKafkaHandle
    ) -> OpaquePointer? {
        var size = record.topic.utf8.count + 1 + (record.key?.count ?? 0) + record.value.count
        for header in record.headers { size += header.key.utf8.count + 1 + header.value.count }
        if scratch.count < size { scratch = [UInt8](repeating: 0, count: max(size, 2 * scratch.count, 1024)) }

        var arguments = self.arguments
        self.arguments = []
        defer { self.arguments = arguments }
        arguments.removeAll(keepingCapacity: true)

        return scratch.withUnsafeMutableBytes { buffer -> OpaquePointer? in
            let base = buffer.baseAddress!
            var cursor = 0
            // Copies `bytes` (plus a NUL when `terminated`) into the scratch buffer.
            func place<C: Collection<UInt8>>(_ bytes: C, terminated: Bool = false) -> UnsafeMutableRawPointer {
                let start = base + cursor
                let target = UnsafeMutableRawBufferPointer(start: start, count: bytes.count)
                target.copyBytes(from: bytes)
                cursor += bytes.count
                if terminated {
                    base.storeBytes(of: 0, toByteOffset: cursor, as: UInt8.self)
                    cursor += 1
                }
                return start
            }

            var argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_TOPIC
            argument.u.cstr = UnsafePointer(
                place(record.topic.utf8, terminated: true).assumingMemoryBound(to: CChar.self))
            arguments.append(argument)

            if let key = record.key {
                argument = rd_kafka_vu_t()
                argument.vtype = RD_KAFKA_VTYPE_KEY
                argument.u.mem.ptr = place(key)
                argument.u.mem.size = key.count
                arguments.append(argument)
            }

            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_VALUE
            argument.u.mem.ptr = place(record.value)
            argument.u.mem.size = record.value.count
            arguments.append(argument)

            for header in record.headers {
                argument = rd_kafka_vu_t()
                argument.vtype = RD_KAFKA_VTYPE_HEADER
                argument.u.header.name = UnsafePointer(
                    place(header.key.utf8, terminated: true).assumingMemoryBound(to: CChar.self))
                argument.u.header.val = UnsafeRawPointer(place(header.value))
                argument.u.header.size = header.value.count
                arguments.append(argument)
            }

            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_OPAQUE
            argument.u.ptr = opaque
            arguments.append(argument)

            argument = rd_kafka_vu_t()
            argument.vtype = RD_KAFKA_VTYPE_MSGFLAGS
            argument.u.i = RD_KAFKA_MSG_F_COPY
            arguments.append(argument)

            return arguments.withUnsafeBufferPointer { list in
                rd_kafka_produceva(handle.pointer, list.baseAddress, list.count)
            }
        }
    }
}
