import Logging
import Testing

@testable import Kafka

@Suite("Kafka configuration")
struct KafkaConfigurationTests {
    @Test("KAFKA_PROPERTY_ variables map to librdkafka properties: lowercase, _ to ., __ to _")
    func environmentVariablesMapToProperties() {
        let properties = KafkaConfiguration.properties(fromEnvironment: [
            "KAFKA_PROPERTY_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_PROPERTY_SASL_MECHANISMS": "PLAIN",
            "KAFKA_PROPERTY_FETCH_WAIT_MAX_MS": " 10 ",
            "KAFKA_PROPERTY_SOME__ODD_NAME": "x",
            "KAFKA_PROPERTY_EMPTY": "",
            "KAFKA_BROKERS": "b:9092",
            "PATH": "/bin",
        ])
        #expect(
            properties == [
                "security.protocol": "SASL_SSL", "sasl.mechanisms": "PLAIN", "fetch.wait.max.ms": "10",
                "some_odd.name": "x",
            ])
    }

    @Test("a configuration from the environment takes KAFKA_BROKERS, or the default when unset")
    func configurationFromEnvironment() {
        let configured = KafkaConfiguration(environment: [
            "KAFKA_BROKERS": "k1:9092,k2:9092", "KAFKA_PROPERTY_CLIENT_ID": "svc",
        ])
        #expect(configured.bootstrapServers == "k1:9092,k2:9092")
        #expect(configured.properties == ["client.id": "svc"])
        #expect(KafkaConfiguration(environment: [:]).bootstrapServers == "localhost:9092")
    }

    @Test("secrets are redacted and never appear in configuration errors")
    func secretsAreRedacted() throws {
        let configuration = KafkaConfiguration(
            bootstrapServers: "b:1",
            properties: ["sasl.password": "hunter2", "ssl.key.password": "k", "sasl.username": "me"])
        #expect(
            configuration.redactedProperties == [
                "sasl.password": "[redacted]", "ssl.key.password": "[redacted]", "sasl.username": "me",
            ])
        // An invalid value for a sensitive enum-like property: the error must not echo it.
        var producer = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        producer.properties["ssl.keystore.password"] = "hunter2"
        producer.properties["no.such.property"] = "x"
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: producer, logger: Logger(label: "test"))
        }
        #expect(error?.description.contains("no.such.property") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("the producer refuses to run without idempotence or with acks other than all")
    func producerKeepsIdempotenceAndAcksAll() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "b:1")
        configuration.properties["enable.idempotence"] = "false"
        #expect(throws: KafkaError.self) { try configuration.librdkafkaProperties() }
        configuration.properties = ["acks": "1"]
        #expect(throws: KafkaError.self) { try configuration.librdkafkaProperties() }
        configuration.properties = ["linger.ms": "0"]
        let properties = try? configuration.librdkafkaProperties()
        #expect(properties?["linger.ms"] == "0")
        #expect(properties?["partitioner"] == "murmur2_random")
        #expect(properties?["message.timeout.ms"] == "3000")
    }

    @Test("the consumer keeps offset storing manual and fills the documented defaults")
    func consumerDefaults() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: "b:1", groupID: "g", topics: ["a", "b"])
        let properties = try configuration.librdkafkaProperties()
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["enable.auto.commit"] == "true")
        #expect(properties["partition.assignment.strategy"] == "range")
        #expect(properties["auto.offset.reset"] == "earliest")
        #expect(properties["statistics.interval.ms"] == "5000")
        #expect(properties["fetch.wait.max.ms"] == nil)
        configuration.properties["enable.auto.offset.store"] = "true"
        #expect(throws: KafkaError.self) { try configuration.librdkafkaProperties() }
    }

    @Test("statistics yield lag per partition, skipping the internal partition and unknown lag")
    func statisticsYieldLag() throws {
        let json = """
            {"name":"c","topics":{"t":{"topic":"t","partitions":{
              "0":{"partition":0,"consumer_lag":7},
              "1":{"partition":1,"consumer_lag":-1},
              "-1":{"partition":-1,"consumer_lag":5}}},
             "u":{"topic":"u","partitions":{"2":{"partition":2,"consumer_lag":0}}}}}
            """
        let lag = try KafkaStatistics(json: Array(json.utf8)).consumerLag
        #expect(
            lag == [
                KafkaTopicPartition(topic: "t", partition: 0): 7, KafkaTopicPartition(topic: "u", partition: 2): 0,
            ])
    }

    @Test("error codes carry librdkafka's names and the retriable classification")
    func errorClassification() {
        let timedOut = KafkaError(code: KafkaError.messageTimedOutCode)
        #expect(timedOut.name == "_MSG_TIMED_OUT")
        #expect(timedOut.isRetriable && timedOut.isTimeout && !timedOut.isFatal)
        let denied = KafkaError(code: Int32(29))
        #expect(denied.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(!denied.isRetriable)
    }
}
