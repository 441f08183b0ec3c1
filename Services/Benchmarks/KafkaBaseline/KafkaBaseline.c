#define _GNU_SOURCE  // RUSAGE_THREAD
#include "KafkaBaseline.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(int who) {
    struct rusage usage;
    getrusage(who, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

typedef struct {
    long delivered;
    long failed;
} delivery_counts;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk;
    delivery_counts *counts = (delivery_counts *)opaque;
    if (message->err) counts->failed++; else counts->delivered++;
}

static rd_kafka_t *new_producer(const char *brokers, int linger_ms, delivery_counts *counts) {
    char error[512];
    char linger[32];
    snprintf(linger, sizeof linger, "%d", linger_ms);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {
        {"bootstrap.servers", brokers}, {"enable.idempotence", "true"}, {"acks", "all"},
        {"partitioner", "murmur2_random"}, {"linger.ms", linger}, {"message.timeout.ms", "30000"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], error, sizeof error) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, counts);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!rk) rd_kafka_conf_destroy(conf);
    return rk;
}

int kb_produce(const char *brokers, const char *topic, int count, int size, int linger_ms, kb_result *out) {
    delivery_counts counts = {0, 0};
    rd_kafka_t *rk = new_producer(brokers, linger_ms, &counts);
    if (!rk) return -1;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    char *payload = malloc((size_t)size);
    memset(payload, 'x', (size_t)size);
    char key[32];
    double start = now_seconds();
    double cpu_start = cpu_seconds(RUSAGE_SELF), caller_start = cpu_seconds(RUSAGE_THREAD);
    for (int i = 0; i < count; i++) {
        int keylen = snprintf(key, sizeof key, "page:%d", i % 1000);
        while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, payload, (size_t)size, key,
                                (size_t)keylen, NULL) != 0) {
            rd_kafka_poll(rk, 10);  // queue full: serve delivery reports, then try again
        }
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 60000);
    out->seconds = now_seconds() - start;
    out->cpu_seconds = cpu_seconds(RUSAGE_SELF) - cpu_start;
    out->caller_cpu_seconds = cpu_seconds(RUSAGE_THREAD) - caller_start;
    out->delivered = counts.delivered;
    out->failed = counts.failed;
    free(payload);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return 0;
}

// Applies "name=value,name=value" to `conf`; returns 0, or -1 for a malformed or refused pair.
static int apply_properties(rd_kafka_conf_t *conf, const char *properties) {
    char error[512];
    char *copy = strdup(properties ? properties : "");
    int result = 0;
    for (char *save = NULL, *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
        char *equals = strchr(pair, '=');
        if (!equals) { result = -1; break; }
        *equals = '\0';
        if (rd_kafka_conf_set(conf, pair, equals + 1, error, sizeof error) != RD_KAFKA_CONF_OK) { result = -1; break; }
    }
    free(copy);
    return result;
}

int kb_consume(const char *brokers, const char *topic, const char *group, int count, int fetch_wait_ms,
               const char *properties, kb_result *out) {
    char error[512];
    char fetch_wait[32];
    snprintf(fetch_wait, sizeof fetch_wait, "%d", fetch_wait_ms);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *settings[][2] = {
        {"bootstrap.servers", brokers}, {"group.id", group}, {"auto.offset.reset", "earliest"},
        {"enable.auto.offset.store", "false"}, {"fetch.wait.max.ms", fetch_wait},
        {"partition.assignment.strategy", "range"},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], error, sizeof error) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return -1;
        }
    }
    if (apply_properties(conf, properties) != 0) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    if (!rk) return -1;
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    long received = 0;
    double start = 0, deadline = now_seconds() + 120, cpu_start = 0, caller_start = 0, last = 0, gap = 0;
    while (received < count && now_seconds() < deadline) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
        if (!message) continue;
        if (!message->err) {
            double now = now_seconds();
            if (received == 0) {
                start = now;
                last = now;
                cpu_start = cpu_seconds(RUSAGE_SELF);
                caller_start = cpu_seconds(RUSAGE_THREAD);
            }
            if (now - last > gap) gap = now - last;
            last = now;
            received++;
            // Same work per record as the Swift consumer's caller: mark it done.
            rd_kafka_offset_store(message->rkt, message->partition, message->offset);
        }
        rd_kafka_message_destroy(message);
    }
    out->seconds = now_seconds() - start;
    out->cpu_seconds = cpu_seconds(RUSAGE_SELF) - cpu_start;
    out->caller_cpu_seconds = cpu_seconds(RUSAGE_THREAD) - caller_start;
    out->longest_gap_seconds = gap;
    out->delivered = received;
    out->failed = 0;
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

int kb_delivery_latency(const char *brokers, const char *topic, int count, int size, double *latencies_us) {
    delivery_counts counts = {0, 0};
    rd_kafka_t *rk = new_producer(brokers, 0, &counts);
    if (!rk) return -1;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    char *payload = malloc((size_t)size);
    memset(payload, 'x', (size_t)size);
    for (int i = 0; i < count; i++) {
        long before = counts.delivered + counts.failed;
        double start = now_seconds();
        rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, payload, (size_t)size, "k", 1, NULL);
        while (counts.delivered + counts.failed == before) rd_kafka_poll(rk, 1000);
        latencies_us[i] = (now_seconds() - start) * 1e6;
    }
    free(payload);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return 0;
}

long kb_topic_end_offsets(const char *brokers, const char *topic, int partitions) {
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, error, sizeof error) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    long total = 0;
    for (int partition = 0; partition < partitions; partition++) {
        int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            total = -1;
            break;
        }
        total += (long)high;
    }
    rd_kafka_destroy(rk);
    return total;
}

void kb_rename_thread(const char *name, char *previous, int size) {
    if (previous && size > 0) {
        previous[0] = '\0';
        pthread_getname_np(pthread_self(), previous, (size_t)size);
    }
    char truncated[16];
    snprintf(truncated, sizeof truncated, "%s", name);
    pthread_setname_np(pthread_self(), truncated);
}
