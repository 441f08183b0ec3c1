import Foundation
import FuzzChecks
import Testing

/// The fuzz targets' properties over the committed corpus (seeds and every input a fuzzing run kept
/// or crashed on) and over inputs mutated from it, so a fixed crash stays fixed in every test run.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus").path

    static func inputs(_ target: FuzzTarget) throws -> [[UInt8]] {
        try FuzzCorpus.files(at: corpus + "/" + target.rawValue).map(FuzzCorpus.read)
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusInputHoldsEveryProperty(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(target)
        #expect(inputs.count >= 5, "the \(target.rawValue) corpus has \(inputs.count) inputs")
        for input in inputs { target.check(input) }
    }

    /// Seeds accepted as they are: a corpus that only exercises rejection paths proves little.
    @Test func webhookSeedsSplitAndRecordSeedsDecode() throws {
        let webhooks = try Self.inputs(.webhook)
        let split = webhooks.filter { FuzzProbe.splits($0) }
        #expect(split.count == webhooks.count)
        for file in try FuzzCorpus.files(at: Self.corpus + "/record") {
            #expect(FuzzProbe.decodesAsRecord(try FuzzCorpus.read(file)), "\(file) does not decode")
        }
    }

    /// A short deterministic mutation pass (byte flips, insertions, deletions, splices of JSON
    /// tokens) over every seed: the same properties on inputs near the valid ones.
    @Test(arguments: FuzzTarget.allCases)
    func mutatedCorpusInputsHoldEveryProperty(_ target: FuzzTarget) throws {
        var generator = SplitMix64(seed: 0x5EED_F022)
        let seeds = try Self.inputs(target)
        for seed in seeds {
            for _ in 0..<300 {
                target.check(Mutator.mutate(seed, using: &generator))
            }
        }
    }
}

/// libFuzzer-like mutations, biased towards JSON's structural bytes.
enum Mutator {
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "-0", "1e999", "\"id\"",
        "\"mid\"", "\"entry\"", "\"messaging\"", "\"standby\"", "\r\n", "\u{7F}", "\u{00}", "\u{FF}",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1 where !bytes.isEmpty:
                bytes.remove(at: position)
            case 2:
                bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: position)
            case 3 where bytes.count > 2:
                let end = Int.random(in: position...bytes.count, using: &generator)
                bytes.removeSubrange(position..<end)
            default:
                bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            }
        }
        return bytes
    }
}
