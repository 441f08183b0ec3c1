import Foundation
import FuzzChecks

#if HANDOVER_FUZZING
    // Built by scripts/fuzz with coverage instrumentation and libFuzzer's runtime without its `main`:
    // this is the program's entry point (SwiftPM links an executable's `main` to `<module>_main`), and
    // it hands the command line to libFuzzer with the target named by `FUZZ_TARGET`.

    @_silgen_name("LLVMFuzzerRunDriver")
    private func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The target of this run; read once, before libFuzzer starts calling back.
    nonisolated(unsafe) private var selectedTarget = FuzzTarget.webhook

    @_cdecl("handover_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(
                Data("handover-fuzz: set FUZZ_TARGET to one of \(names) (scripts/fuzz does)\n".utf8))
            return 64
        }
        selectedTarget = target
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            selectedTarget.check(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
    }
#else
    @main
    struct FuzzReplay {
        static func main() {
            exit(FuzzReplayCommand.run(Array(CommandLine.arguments.dropFirst())))
        }
    }
#endif
