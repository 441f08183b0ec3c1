import Kafka
import Synchronization
import Testing

@testable import WorkerKit

@Suite("Offsets and windows")
struct SchedulerUnitTests {
    @Test func storedOffsetNeverPassesTheLowestUnfinishedRecord() {
        var progress = PartitionProgress()
        for offset in Int64(10)...14 { progress.begin(offset) }
        #expect(progress.finish(12) == nil)  // 10 and 11 still running
        #expect(progress.finish(11) == nil)
        #expect(progress.finish(10) == 13)  // 10, 11, 12 done: next to read is 13
        #expect(progress.finish(14) == nil)  // 13 still running
        #expect(progress.finish(13) == 15)  // all done: one past the highest
    }

    @Test func recencyWindowForgetsTheOldestWritesFirst() {
        var window = RecencyWindow<String, Int>(capacity: 3)
        for (index, key) in ["a", "b", "c"].enumerated() { window.insert(index, for: key) }
        window.insert(9, for: "a")  // rewriting makes "a" the newest
        window.insert(3, for: "d")
        #expect(window.count == 3)
        #expect(!window.contains("b"))
        #expect(window.value(for: "a") == 9)
        #expect(window.contains("c") && window.contains("d"))
        for round in 0..<10_000 { window.insert(round, for: "k\(round % 5)") }
        #expect(window.count == 3)
    }

    @Test func schedulerRunsOneKeyInOrderAndStoresOffsetsOnlyUpToTheLowestUnfinished() async {
        let stored = Mutex<[Int64]>([])
        let scheduler = KeyedScheduler(limit: 100, storeOffset: { _, next in stored.withLock { $0.append(next) } })
        let records = [("a", 0), ("b", 1), ("a", 2), ("c", 3)].map { key, offset in
            KafkaConsumerRecord(topic: "t", partition: 0, offset: Int64(offset), key: Array(key.utf8), value: [])
        }
        scheduler.submit(records)
        // Ready lanes in arrival order: a(0), b(1), c(3); a(2) waits behind a(0).
        let first = await scheduler.next()
        let second = await scheduler.next()
        let third = await scheduler.next()
        #expect([first, second, third].map { $0?.record.offset } == [0, 1, 3])
        scheduler.finish(third!, completed: true)
        scheduler.finish(second!, completed: true)
        #expect(stored.withLock { $0 }.isEmpty)  // 0 still running
        scheduler.finish(first!, completed: true)
        #expect(stored.withLock { $0 } == [2])  // 2 (key a's second record) is not done yet
        let fourth = await scheduler.next()
        #expect(fourth?.record.offset == 2)
        scheduler.finish(fourth!, completed: true)
        #expect(stored.withLock { $0 } == [2, 4])
        #expect(scheduler.inflight == 0)
    }

    @Test func revokedPartitionsLoseTheirQueuedRecordsAndStoreNothing() async {
        let stored = Mutex<[Int64]>([])
        let scheduler = KeyedScheduler(limit: 100, storeOffset: { _, next in stored.withLock { $0.append(next) } })
        let partition = KafkaTopicPartition(topic: "t", partition: 0)
        scheduler.assigned([partition])
        scheduler.submit(
            (0..<3).map { KafkaConsumerRecord(topic: "t", partition: 0, offset: $0, key: Array("a".utf8), value: []) })
        let running = await scheduler.next()
        scheduler.revoked([partition])
        scheduler.finish(running!, completed: true)
        scheduler.close()
        #expect(await scheduler.next() == nil)  // the two queued records of the revoked partition are dropped
        #expect(stored.withLock { $0 }.isEmpty)
        #expect(scheduler.inflight == 0)
    }
}
