// librdkafka for Swift: the public API and the mock cluster (rdkafka_mock.h), which hosts a
// Kafka-protocol broker inside a process for tests and local runs.
#ifndef CRDKAFKA_SHIM_H
#define CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#endif
