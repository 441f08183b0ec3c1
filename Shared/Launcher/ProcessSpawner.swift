import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Starts child processes from one thread that lives as long as this process.
///
/// Children get `PR_SET_PDEATHSIG` (through `setpriv --pdeathsig KILL`) so that they die with the
/// parent even when it is killed with SIGKILL and cannot clean up. Linux sends that signal when
/// the *thread* that forked the child ends, not the process: spawning from a pool thread that Dispatch
/// retires when idle would kill healthy children seconds later. Hence this one long-lived thread.
final class ProcessSpawner: Sendable {
    /// The spawner of this process.
    static let shared = ProcessSpawner()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wakeUp = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "child process spawner"
        thread.start()
    }

    /// The spawner thread's loop: run whatever is queued, then sleep until more arrives.
    private func serve() -> Never {
        // Children inherit the spawning thread's signal mask. Threads made from Dispatch's pool
        // block most signals; a child started with SIGTERM blocked could never be stopped politely.
        var nothing = sigset_t()
        sigemptyset(&nothing)
        pthread_sigmask(SIG_SETMASK, &nothing, nil)
        while true {
            wakeUp.wait()
            let pending = jobs.withLock { queue in
                defer { queue.removeAll() }
                return queue
            }
            for job in pending { job() }
        }
    }

    /// Runs `body` (which starts a process) on the spawner thread and returns its result.
    func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Swift.Result { try body() }) } }
            wakeUp.signal()
        }
    }
}
