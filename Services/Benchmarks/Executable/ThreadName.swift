import KafkaBaseline

/// Names threads for ``ThreadCPU``: a new Linux thread starts with its creator's name, and
/// Foundation's `Thread.name` does not reach the kernel on Linux, so the Kafka and curl threads of
/// our modules show up under the name of whatever thread created them. Renaming the creating
/// thread for the duration of a synchronous constructor gives them a name of their own.
enum ThreadName {
    /// Runs `body` (synchronous: no suspension, so the thread stays the same) with the calling
    /// thread named `name` (at most 15 bytes), then restores its name.
    static func creating<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        var previous = [CChar](repeating: 0, count: 16)
        kb_rename_thread(name, &previous, Int32(previous.count))
        defer { kb_rename_thread(previous, nil, 0) }
        return try body()
    }
}
