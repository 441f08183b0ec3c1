import Foundation

/// Lines typed on standard input, read on a thread of their own (a blocking read must not hold a
/// thread of the concurrency pool). The sequence ends at end of input (Ctrl-D).
public enum TerminalLines {
    /// Starts reading; each line arrives without its newline.
    public static func start() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let thread = Thread {
            while let line = readLine(strippingNewline: true) {
                continuation.yield(line)
            }
            continuation.finish()
        }
        thread.name = "handover-stack terminal input"
        thread.start()
        return stream
    }
}
