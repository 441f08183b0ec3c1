import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT (Ctrl-C), SIGTERM and SIGHUP as an async sequence, so the launcher stops its children in
/// order instead of dying with them half-drained.
///
/// The signals are caught by a handler that writes the signal's number into a pipe, read by a
/// thread. Not `SIG_IGN` (what Dispatch signal sources want): an ignored signal stays ignored in
/// every child started afterwards, a caught one is reset to its default when the child starts.
public final class ShutdownSignals: Sendable {
    /// The signals as they arrive.
    public let signals: AsyncStream<Int32>

    /// The signals caught.
    public static let caught: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Starts catching the signals (their default action, ending the process, is switched off).
    /// One instance per process.
    public init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            continuation.finish()
            return
        }
        signalPipeWriter = descriptors[1]
        let reader = descriptors[0]
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(reader, &byte, 1)
                if count == 1 {
                    continuation.yield(Int32(byte))
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            continuation.finish()
        }
        thread.name = "handover-stack signals"
        thread.start()
        for number in Self.caught {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// `SIGINT` as a name.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}

/// The write end of the signal pipe; set once before the handler is installed, then only read.
nonisolated(unsafe) private var signalPipeWriter: Int32 = -1

/// The signal handler: `write` is async-signal-safe, nothing else happens here.
private func forwardSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriter, &byte, 1)
}
