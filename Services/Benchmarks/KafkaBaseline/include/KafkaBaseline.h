// The baseline the Kafka benchmarks compare our Swift layer with: librdkafka called directly
// from C, with the same settings (idempotent, acks=all, murmur2_random, same linger), against the
// same broker.
#ifndef KAFKA_BASELINE_H
#define KAFKA_BASELINE_H

typedef struct {
    double seconds;      // wall time of the measured part
    long delivered;      // records acknowledged (producer) or received (consumer)
    long failed;         // records whose delivery report carried an error
    double cpu_seconds;  // CPU of the whole process (every thread) during the measured part
    double caller_cpu_seconds;  // CPU of the calling thread (the one producing or polling)
    double longest_gap_seconds;  // consumer: the longest wait between two records
} kb_result;

// Produces `count` records of `size` bytes to `topic` and waits for every delivery report.
int kb_produce(const char *brokers, const char *topic, int count, int size, int linger_ms, kb_result *out);

// Consumes `count` records of `topic` in a new group `group` from the beginning; the clock starts
// at the first record, so the group join is not measured (the Swift side is measured the same way).
// `properties` holds further librdkafka settings as "name=value,name=value" (may be empty).
int kb_consume(const char *brokers, const char *topic, const char *group, int count, int fetch_wait_ms,
               const char *properties, kb_result *out);

// Produces `count` records one at a time, each waited for, and writes each send-to-report latency
// in microseconds to `latencies_us`.
int kb_delivery_latency(const char *brokers, const char *topic, int count, int size, double *latencies_us);

// The sum over partitions 0..<partitions of `topic` of the high watermark (records ever written,
// whatever the broker still keeps), or -1 when the broker does not answer.
long kb_topic_end_offsets(const char *brokers, const char *topic, int partitions);

// Names the calling thread (at most 15 bytes kept) and returns its previous name in `previous`
// (`size` bytes, 16 is enough). Threads it creates afterwards start with the new name.
void kb_rename_thread(const char *name, char *previous, int size);

#endif
