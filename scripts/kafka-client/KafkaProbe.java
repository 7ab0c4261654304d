// A small Kafka client for the smoke test, the real-cluster tests and the benchmarks, built on
// Kafka's own Java client (the same release as the brokers, resolved from Maven Central), so it
// speaks every protocol version the brokers do. Run it as a single source file:
//
//   java -cp "<kafka libs>/*" scripts/kafka-client/KafkaProbe.java <command> [options]
//
// Commands (each prints one JSON object on stdout; exit status 0 on success, 1 on failure):
//   roundtrip  --topic T [--messages N] [--partitions P] [--replication-factor R] [--min-isr M] [--keep]
//              create T, produce N messages with acks=all, consume them back, report latencies, delete T
//   produce    --topic T --messages N [--prefix P] [--value-bytes B] [--key K] [--client-id ID] [--transactional-id T]
//              acks=all; reports which messages were acknowledged, the elapsed time and the broker's quota
//              throttling; B pads each value to B bytes, K is the key of every record (one partition), T sends
//              all of them in one transaction
//   consume    --topic T --expect N [--timeout-ms MS]   reads every partition from the start, no consumer group
//   create-topic --topic T [--partitions P] [--replication-factor R] [--min-isr M]
//   describe-topic --topic T                           partitions with leader, replicas and in-sync replicas
//   check-auth                                         lists topics: tells whether the credentials are accepted
//   apply      --spec FILE [--batch N]   creates the topics, SCRAM users and ACLs of a JSON spec through the Admin API,
//                            N topics per createTopics request (default 500: the controller refuses a request of
//                            more records than max.records.per.user.op, e.g. 1,000 topics of 6 partitions)
//   delete-topics --spec FILE [--batch N]   deletes the spec's topics, N per request
//   describe   --spec FILE   reads back those topics (partitions, replication factor, non-default configs)
//                            and every ACL of the cluster
//   produce-steady --topic T --rate R --stop-file F [--max-ms MS]
//              acks=all, idempotent, R messages/s until F exists (or MS pass); reports acknowledged
//              messages and the longest gap between two acknowledgements (a client's view of an outage)
//   snapshot   the whole cluster in a few batched Admin calls: every (non-internal) topic with its partitions,
//              replication factor and topic-level configs, the SCRAM users, every ACL and every client quota
//   consume takes --group G to read as a consumer group member (needs the group ACL) instead of by assignment
// Connection options: --bootstrap HOST:PORT[,...] [--security-protocol SASL_PLAINTEXT|SASL_SSL] [--mechanism PLAIN|SCRAM-SHA-512]
//   [--ca-file FILE] (TLS: the PEM CA the brokers' certificates are checked against; the host name is checked too)
//   [--user U]; the password is read from the environment variable KAFKA_PROBE_PASSWORD, never from arguments.

import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.*;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.*;

public class KafkaProbe {
    public static void main(String[] argv) {
        Map<String, String> opts = parseOptions(argv);
        String command = argv.length > 0 ? argv[0] : "help";
        try {
            String json = switch (command) {
                case "roundtrip" -> roundtrip(opts);
                case "produce" -> produce(opts, opts.get("topic"), intOpt(opts, "messages", 100), opts.getOrDefault("prefix", "m")).toJson();
                case "produce-steady" -> produceSteady(opts);
                case "consume" -> consume(opts, opts.get("topic"), intOpt(opts, "expect", 0), intOpt(opts, "timeout-ms", 30000)).toJson();
                case "create-topic" -> { createTopic(opts, opts.get("topic")); yield "{\"created\":" + q(opts.get("topic")) + "}"; }
                case "describe-topic" -> describeTopic(opts, opts.get("topic"));
                case "check-auth" -> checkAuth(opts);
                case "delete-topics" -> deleteTopics(opts, new com.fasterxml.jackson.databind.ObjectMapper().readTree(new java.io.File(opts.get("spec"))));
                case "apply" -> apply(opts, new com.fasterxml.jackson.databind.ObjectMapper().readTree(new java.io.File(opts.get("spec"))));
                case "describe" -> describe(opts, new com.fasterxml.jackson.databind.ObjectMapper().readTree(new java.io.File(opts.get("spec"))));
                case "snapshot" -> snapshot(opts);
                default -> throw new IllegalArgumentException("unknown command '" + command + "': use roundtrip, produce, produce-steady, consume, create-topic, describe-topic, check-auth, apply, delete-topics, describe or snapshot");
            };
            System.out.println(json);
            System.exit(json.contains("\"ok\":false") ? 1 : 0);
        } catch (Exception e) {
            Throwable root = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.out.println("{\"ok\":false,\"error\":" + q(root.getClass().getName() + ": " + root.getMessage()) + "}");
            System.exit(1);
        }
    }

    // ---- commands ----

    static String roundtrip(Map<String, String> o) throws Exception {
        String topic = o.getOrDefault("topic", "smoke-" + UUID.randomUUID().toString().substring(0, 8));
        int n = intOpt(o, "messages", 100);
        long t0 = System.nanoTime();
        createTopic(o, topic);
        long created = System.nanoTime();
        try {
            Produced p = produce(o, topic, n, "m");
            Consumed c = consume(o, topic, n, intOpt(o, "timeout-ms", 30000));
            Set<String> missing = new TreeSet<>(p.acked);
            missing.removeAll(c.values);
            boolean ok = p.failed == 0 && missing.isEmpty() && c.values.size() == n;
            return "{\"ok\":" + ok + ",\"topic\":" + q(topic) + ",\"messages\":" + n
                + ",\"acked\":" + p.acked.size() + ",\"consumed\":" + c.values.size() + ",\"missing\":" + missing.size()
                + ",\"createTopicMs\":" + ms(created - t0)
                + ",\"ackLatencyMs\":" + percentiles(p.ackNanos)
                + ",\"endToEndLatencyMs\":" + percentiles(c.endToEndNanos) + "}";
        } finally {
            if (!o.containsKey("keep")) try (Admin admin = Admin.create(clientProps(o))) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    record Produced(List<String> acked, int failed, List<Long> ackNanos, String firstError, long elapsedNanos, double throttleMaxMs, double throttleAvgMs) {
        String toJson() {
            return "{\"ok\":" + (failed == 0) + ",\"acked\":" + acked.size() + ",\"failed\":" + failed
                + (firstError == null ? "" : ",\"error\":" + q(firstError))
                + ",\"ackLatencyMs\":" + percentiles(ackNanos) + ",\"ackedValues\":" + jsonArray(acked)
                + ",\"elapsedMs\":" + ms(elapsedNanos)
                + ",\"throttleTimeMsMax\":" + decimal(throttleMaxMs) + ",\"throttleTimeMsAvg\":" + decimal(throttleAvgMs) + "}";
        }
    }

    /** An acks=all, idempotent producer that sends at once, giving up on a message after deliveryTimeoutMs. */
    static Properties producerProps(Map<String, String> o, int deliveryTimeoutMs) {
        Properties p = clientProps(o);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeoutMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    static Produced produce(Map<String, String> o, String topic, int n, String prefix) throws Exception {
        long t0 = System.nanoTime();
        Properties p = producerProps(o, 30000);
        // Client quotas are keyed by client id: a test picks its own to be throttled (or not).
        if (o.containsKey("client-id")) p.put(ProducerConfig.CLIENT_ID_CONFIG, o.get("client-id"));
        String transactionalId = o.get("transactional-id");
        if (transactionalId != null) p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        int valueBytes = intOpt(o, "value-bytes", 0);
        // Refused before anything is sent, rather than after part of the messages.
        if (valueBytes > 0 && n > 0 && utf8Length(prefix + "-" + (n - 1)) > valueBytes) {
            throw new IllegalArgumentException("--value-bytes " + valueBytes + " is shorter than the message id " + prefix + "-" + (n - 1));
        }
        String fixedKey = o.get("key");
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        List<Long> ackNanos = Collections.synchronizedList(new ArrayList<>());
        int failed = 0;
        String firstError = null;
        double throttleMax, throttleAvg;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            if (transactionalId != null) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = prefix + "-" + i;
                String value = valueBytes > 0 ? paddedValue(id, valueBytes) : id + "@" + System.nanoTime();
                long sent = System.nanoTime();
                futures.add(producer.send(new ProducerRecord<>(topic, fixedKey != null ? fixedKey : id, value), (md, err) -> {
                    if (err == null) { acked.add(value); ackNanos.add(System.nanoTime() - sent); }
                }));
            }
            producer.flush();
            for (Future<RecordMetadata> f : futures) {
                try { f.get(); } catch (ExecutionException e) {
                    failed++;
                    if (firstError == null) firstError = e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
                }
            }
            if (transactionalId != null) {
                // A record of a transaction that is not committed counts as lost, whatever its broker said.
                try {
                    if (failed == 0) producer.commitTransaction(); else producer.abortTransaction();
                } catch (KafkaException e) {
                    if (firstError == null) firstError = e.getClass().getName() + ": " + e.getMessage();
                    failed = Math.max(failed, 1);
                }
                if (failed > 0) { failed = n; acked.clear(); }
            }
            // Read before close, which drops the metrics.
            throttleMax = producerMetric(producer, "produce-throttle-time-max");
            throttleAvg = producerMetric(producer, "produce-throttle-time-avg");
        }
        return new Produced(new ArrayList<>(acked), failed, new ArrayList<>(ackNanos), firstError, System.nanoTime() - t0, throttleMax, throttleAvg);
    }

    /**
     * The message id padded to exactly `bytes` bytes, so values of any size stay distinct; the send time
     * stays at the end (the consumer's end-to-end latency) when it fits.
     */
    static String paddedValue(String id, int bytes) {
        String tail = "@" + System.nanoTime();
        if (utf8Length(id) + tail.length() > bytes) tail = "";
        return id + ".".repeat(bytes - utf8Length(id) - tail.length()) + tail;
    }

    static int utf8Length(String s) { return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length; }

    /** A producer-metrics value; 0 when it has no sample yet (NaN) or is not there. */
    static double producerMetric(Producer<?, ?> producer, String name) {
        for (var e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number num && Double.isFinite(num.doubleValue()) ? num.doubleValue() : 0;
            }
        }
        return 0;
    }

    static String produceSteady(Map<String, String> o) throws Exception {
        // Long enough to ride out a broker restart with retries: what a production client would use.
        Properties p = producerProps(o, 120000);
        String topic = o.get("topic");
        int rate = intOpt(o, "rate", 50);
        java.io.File stop = new java.io.File(o.get("stop-file"));
        long maxNanos = intOpt(o, "max-ms", 900000) * 1_000_000L;
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        List<Long> ackTimes = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            while (!stop.exists() && System.nanoTime() - start < maxNanos) {
                String value = "steady-" + sent;
                producer.send(new ProducerRecord<>(topic, value, value), (md, err) -> {
                    if (err == null) { acked.add(value); ackTimes.add(System.nanoTime()); }
                    else errors.add(err.getClass().getName() + ": " + err.getMessage());
                });
                sent++;
                long next = start + sent * 1_000_000_000L / rate;
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            producer.flush();
        }
        List<Long> times = new ArrayList<>(ackTimes);
        Collections.sort(times);
        long maxGap = 0;
        for (int i = 1; i < times.size(); i++) maxGap = Math.max(maxGap, times.get(i) - times.get(i - 1));
        return "{\"ok\":" + errors.isEmpty() + ",\"sent\":" + sent + ",\"acked\":" + acked.size() + ",\"failed\":" + errors.size()
            + (errors.isEmpty() ? "" : ",\"error\":" + q(errors.get(0)))
            + ",\"maxGapMs\":" + ms(maxGap) + ",\"seconds\":" + String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9)
            + ",\"ackedValues\":" + jsonArray(acked) + "}";
    }

    record Consumed(List<String> values, List<Long> endToEndNanos) {
        String toJson() {
            return "{\"ok\":true,\"count\":" + values.size() + ",\"values\":" + jsonArray(values) + "}";
        }
    }

    /** Reads every partition from the beginning without a consumer group (no group ACL needed). */
    static Consumed consume(Map<String, String> o, String topic, int expect, int timeoutMs) throws Exception {
        Properties p = clientProps(o);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String group = o.get("group");
        if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        List<String> values = new ArrayList<>();
        List<Long> e2e = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> parts = new ArrayList<>();
                for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofSeconds(15))) parts.add(new TopicPartition(topic, pi.partition()));
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
            }
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < deadline && (expect <= 0 || values.size() < expect)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                    int at = r.value().lastIndexOf('@');
                    if (at > 0) e2e.add(System.nanoTime() - Long.parseLong(r.value().substring(at + 1)));
                }
                if (group == null && expect <= 0 && values.size() > 0 && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) break;
            }
        }
        return new Consumed(values, e2e);
    }

    static void createTopic(Map<String, String> o, String topic) throws Exception {
        try (Admin admin = Admin.create(clientProps(o))) {
            NewTopic t = new NewTopic(topic, intOpt(o, "partitions", 3), (short) intOpt(o, "replication-factor", 1));
            if (o.containsKey("min-isr")) t.configs(Map.of("min.insync.replicas", o.get("min-isr")));
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            // Wait until every partition has a leader, so the first produce does not race the election.
            long deadline = System.currentTimeMillis() + 30000;
            // A broker that has not yet seen the new topic answers UnknownTopicOrPartition: retry.
            while (System.currentTimeMillis() < deadline) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    if (d.partitions().stream().allMatch(pi -> pi.leader() != null && pi.leader().id() >= 0)) return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) throw e;
                }
                Thread.sleep(200);
            }
            throw new TimeoutException("partitions of " + topic + " have no leader after 30 s");
        }
    }

    static String describeTopic(Map<String, String> o, String topic) throws Exception {
        try (Admin admin = Admin.create(clientProps(o))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            StringBuilder sb = new StringBuilder("{\"ok\":true,\"topic\":" + q(topic) + ",\"partitions\":[");
            for (TopicPartitionInfo pi : d.partitions()) {
                if (pi.partition() > 0) sb.append(',');
                sb.append("{\"partition\":").append(pi.partition())
                  .append(",\"leader\":").append(pi.leader() == null ? -1 : pi.leader().id())
                  .append(",\"replicas\":").append(ids(pi.replicas()))
                  .append(",\"isr\":").append(ids(pi.isr())).append('}');
            }
            return sb.append("]}").toString();
        }
    }

    static String checkAuth(Map<String, String> o) throws Exception {
        Properties p = clientProps(o);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(p)) {
            Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            return "{\"ok\":true,\"topics\":" + names.size() + "}";
        } catch (ExecutionException | TimeoutException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            return "{\"ok\":false,\"error\":" + q(root.getClass().getSimpleName() + ": " + root.getMessage()) + "}";
        }
    }

    /** Pulumi's Kafka provider spells enums in CamelCase ("IdempotentWrite", "TransactionalID"); Kafka's are UPPER_SNAKE. */
    static String enumName(String camel) {
        return camel.replace("ID", "Id").replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    static AclBinding aclBinding(com.fasterxml.jackson.databind.JsonNode a) {
        return new AclBinding(
            new org.apache.kafka.common.resource.ResourcePattern(
                org.apache.kafka.common.resource.ResourceType.valueOf(enumName(a.get("resourceType").asText())),
                a.get("resourceName").asText(),
                org.apache.kafka.common.resource.PatternType.valueOf(enumName(a.get("patternType").asText()))),
            new org.apache.kafka.common.acl.AccessControlEntry(a.get("principal").asText(), a.get("host").asText(),
                org.apache.kafka.common.acl.AclOperation.valueOf(enumName(a.get("operation").asText())),
                org.apache.kafka.common.acl.AclPermissionType.valueOf(enumName(a.get("permission").asText()))));
    }

    static String apply(Map<String, String> o, com.fasterxml.jackson.databind.JsonNode spec) throws Exception {
        try (Admin admin = Admin.create(clientProps(o))) {
            List<NewTopic> topics = new ArrayList<>();
            for (var t : spec.get("topics")) {
                Map<String, String> cfg = new TreeMap<>();
                t.get("config").fields().forEachRemaining(e -> cfg.put(e.getKey(), e.getValue().asText()));
                topics.add(new NewTopic(t.get("name").asText(), t.get("partitions").asInt(), (short) t.get("replicationFactor").asInt()).configs(cfg));
            }
            int batch = intOpt(o, "batch", 500);
            for (int i = 0; i < topics.size(); i += batch) {
                admin.createTopics(topics.subList(i, Math.min(i + batch, topics.size()))).all().get(120, TimeUnit.SECONDS);
            }
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (var u : spec.get("users")) {
                users.add(new UserScramCredentialUpsertion(u.get("name").asText(),
                    new ScramCredentialInfo(ScramMechanism.fromMechanismName(u.get("mechanism").asText()), u.get("iterations").asInt()),
                    u.get("password").asText()));
            }
            if (!users.isEmpty()) admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (var a : spec.get("acls")) acls.add(aclBinding(a));
            if (!acls.isEmpty()) admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            return "{\"ok\":true,\"topics\":" + topics.size() + ",\"users\":" + users.size() + ",\"acls\":" + acls.size() + "}";
        }
    }

    static String deleteTopics(Map<String, String> o, com.fasterxml.jackson.databind.JsonNode spec) throws Exception {
        try (Admin admin = Admin.create(clientProps(o))) {
            List<String> names = new ArrayList<>();
            for (var t : spec.get("topics")) names.add(t.get("name").asText());
            int batch = intOpt(o, "batch", 500);
            for (int i = 0; i < names.size(); i += batch) {
                admin.deleteTopics(names.subList(i, Math.min(i + batch, names.size()))).all().get(120, TimeUnit.SECONDS);
            }
            return "{\"ok\":true,\"deleted\":" + names.size() + "}";
        }
    }

    static String describe(Map<String, String> o, com.fasterxml.jackson.databind.JsonNode spec) throws Exception {
        try (Admin admin = Admin.create(clientProps(o))) {
            List<String> names = new ArrayList<>();
            for (var t : spec.get("topics")) names.add(t.get("name").asText());
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            List<org.apache.kafka.common.config.ConfigResource> resources = new ArrayList<>();
            for (String n : names) resources.add(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n));
            Map<org.apache.kafka.common.config.ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            StringJoiner topics = new StringJoiner(",", "[", "]");
            for (String n : names) {
                TopicDescription d = descriptions.get(n);
                StringJoiner cfg = new StringJoiner(",", "{", "}");
                for (ConfigEntry e : configs.get(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n)).entries()) {
                    if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) cfg.add(q(e.name()) + ":" + q(e.value()));
                }
                topics.add("{\"name\":" + q(n) + ",\"partitions\":" + d.partitions().size()
                    + ",\"replicationFactor\":" + d.partitions().get(0).replicas().size() + ",\"config\":" + cfg + "}");
            }
            StringJoiner acls = new StringJoiner(",", "[", "]");
            for (AclBinding b : admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS)) {
                acls.add("{\"resourceType\":" + q(b.pattern().resourceType().name()) + ",\"resourceName\":" + q(b.pattern().name())
                    + ",\"patternType\":" + q(b.pattern().patternType().name()) + ",\"principal\":" + q(b.entry().principal())
                    + ",\"host\":" + q(b.entry().host()) + ",\"operation\":" + q(b.entry().operation().name())
                    + ",\"permission\":" + q(b.entry().permissionType().name()) + "}");
            }
            return "{\"ok\":true,\"topics\":" + topics + ",\"acls\":" + acls + "}";
        }
    }

    /**
     * The whole cluster as one JSON object, in a handful of batched Admin calls (never one per topic),
     * so it stays fast with thousands of topics. Topic configs are those set on the topic itself,
     * not the broker's or Kafka's defaults. SCRAM users the cluster cannot list (too old, no
     * permission) and the ACLs of a cluster without an authorizer are empty, with a warning saying why.
     */
    static String snapshot(Map<String, String> o) throws Exception {
        long t0 = System.nanoTime();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var out = json.createObjectNode().put("ok", true);
        var warnings = json.createArrayNode();
        try (Admin admin = Admin.create(clientProps(o))) {
            List<String> names = new ArrayList<>(new TreeSet<>(admin.listTopics().names().get(60, TimeUnit.SECONDS)));
            Map<String, TopicDescription> descriptions = names.isEmpty() ? Map.of()
                : admin.describeTopics(names).allTopicNames().get(120, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = new HashMap<>();
            // describeConfigs answers all topics in one request: chunks keep each one a sane size.
            for (int i = 0; i < names.size(); i += 1000) {
                List<ConfigResource> chunk = new ArrayList<>();
                for (String n : names.subList(i, Math.min(i + 1000, names.size()))) chunk.add(new ConfigResource(ConfigResource.Type.TOPIC, n));
                configs.putAll(admin.describeConfigs(chunk).all().get(120, TimeUnit.SECONDS));
            }
            var topics = out.putArray("topics");
            for (String n : names) {
                TopicDescription d = descriptions.get(n);
                var t = topics.addObject();
                t.put("name", n);
                t.put("partitions", d.partitions().size());
                t.put("replicationFactor", d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size());
                Map<String, String> cfg = new TreeMap<>();
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, n));
                if (c != null) for (ConfigEntry e : c.entries()) {
                    if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) cfg.put(e.name(), e.value());
                }
                var cfgNode = t.putObject("config");
                cfg.forEach(cfgNode::put);
            }

            var users = out.putArray("users");
            try {
                Map<String, UserScramCredentialsDescription> described = new TreeMap<>(admin.describeUserScramCredentials().all().get(60, TimeUnit.SECONDS));
                for (UserScramCredentialsDescription u : described.values()) {
                    var user = users.addObject();
                    user.put("name", u.name());
                    var mechanisms = user.putArray("mechanisms");
                    new TreeSet<>(u.credentialInfos().stream().map(ci -> ci.mechanism().mechanismName()).toList()).forEach(mechanisms::add);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnsupportedVersionException || e.getCause() instanceof SecurityDisabledException
                    || e.getCause() instanceof ClusterAuthorizationException)) throw e;
                warnings.add("SCRAM users not listed: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            }

            var acls = out.putArray("acls");
            try {
                // Sorted, so two snapshots of the same cluster are the same text.
                List<AclBinding> bindings = new ArrayList<>(admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS));
                bindings.sort(Comparator.comparing((AclBinding b) -> b.pattern().resourceType().name())
                    .thenComparing(b -> b.pattern().name()).thenComparing(b -> b.pattern().patternType().name())
                    .thenComparing(b -> b.entry().principal()).thenComparing(b -> b.entry().host())
                    .thenComparing(b -> b.entry().operation().name()).thenComparing(b -> b.entry().permissionType().name()));
                for (AclBinding b : bindings) {
                    var a = acls.addObject();
                    a.put("principal", b.entry().principal());
                    a.put("host", b.entry().host());
                    a.put("operation", b.entry().operation().name());
                    a.put("permission", b.entry().permissionType().name());
                    a.put("resourceType", b.pattern().resourceType().name());
                    a.put("resourceName", b.pattern().name());
                    a.put("patternType", b.pattern().patternType().name());
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SecurityDisabledException)) throw e;
                warnings.add("ACLs not listed (the cluster has no authorizer): " + e.getCause().getMessage());
            }

            var quotas = out.putArray("quotas");
            Map<String, Map.Entry<ClientQuotaEntity, Map<String, Double>>> byEntity = new TreeMap<>();
            for (var e : admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(60, TimeUnit.SECONDS).entrySet()) {
                byEntity.put(new TreeMap<>(e.getKey().entries()).toString(), e);
            }
            for (var e : byEntity.values()) {
                var quota = quotas.addObject();
                // Entity type names as Kafka spells them ("user", "client-id", "ip"); null is the default entity.
                var entity = quota.putObject("entity");
                new TreeMap<>(e.getKey().entries()).forEach(entity::put);
                var values = quota.putObject("values");
                new TreeMap<>(e.getValue()).forEach(values::put);
            }
        }
        if (!warnings.isEmpty()) out.set("warnings", warnings);
        out.put("elapsedMs", new java.math.BigDecimal(ms(System.nanoTime() - t0)));
        return json.writeValueAsString(out);
    }

    // ---- helpers ----

    static Properties clientProps(Map<String, String> o) {
        Properties p = new Properties();
        String bootstrap = o.get("bootstrap");
        if (bootstrap == null) throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-probe");
        String protocol = o.getOrDefault("security-protocol", "PLAINTEXT");
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.endsWith("SSL") && o.containsKey("ca-file")) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", o.get("ca-file"));
        }
        if (protocol.startsWith("SASL")) {
            String mechanism = o.getOrDefault("mechanism", "PLAIN");
            String user = o.getOrDefault("user", "");
            String password = Objects.requireNonNullElse(System.getenv("KAFKA_PROBE_PASSWORD"), "");
            String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + user.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\" password=\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\";");
        }
        return p;
    }

    static Map<String, String> parseOptions(String[] argv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
            String k = argv[i].substring(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) o.put(k, argv[++i]); else o.put(k, "true");
        }
        return o;
    }

    static int intOpt(Map<String, String> o, String k, int dflt) {
        return o.containsKey(k) ? Integer.parseInt(o.get(k)) : dflt;
    }

    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) return "null";
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return "{\"p50\":" + ms(s.get((int) Math.floor(0.50 * (s.size() - 1))))
            + ",\"p99\":" + ms(s.get((int) Math.floor(0.99 * (s.size() - 1))))
            + ",\"max\":" + ms(s.get(s.size() - 1)) + ",\"count\":" + s.size() + "}";
    }

    static String ms(long nanos) { return String.format(Locale.ROOT, "%.3f", nanos / 1e6); }

    static String decimal(double v) { return String.format(Locale.ROOT, "%.3f", v); }

    static String ids(List<Node> nodes) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (Node n : nodes) j.add(String.valueOf(n.id()));
        return j.toString();
    }

    static String jsonArray(Collection<String> values) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (String v : values) j.add(q(v));
        return j.toString();
    }

    static String q(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> { if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c); }
            }
        }
        return b.append('"').toString();
    }
}
