// Proves a Protobuf message round-trips through Kafka with Apicurio Registry's serde: produces one
// record with ProtobufKafkaSerializer, consumes it back with ProtobufDeserializer, prints one
// JSON line on stdout (exit 0 when ok, 1 otherwise). Jars: scripts/schema-client/pom.xml; run by
// scripts/lib/schema-client.ts.
//
//   --bootstrap HOST:PORT[,...] --registry http://HOST:PORT --topic T --proto FILE --message Person
//   --json '{"name":"Ada"}' [--key K] [--auto-register] [--timeout-ms MS]
//   [--security-protocol SASL_PLAINTEXT|SASL_SSL --mechanism PLAIN|SCRAM-SHA-512 --user U]
//   [--ca-file FILE] (TLS: the PEM CA of the brokers and of an https registry) [--registry-user U]
//   The Kafka password is read from the environment variable SCHEMA_CLIENT_PASSWORD, the registry's
//   (basic authentication, with --registry-user) from SCHEMA_CLIENT_REGISTRY_PASSWORD, never from arguments.
//
// Records are framed as Confluent's serializers frame them (magic byte 0, the 4-byte schema id,
// the message indexes, then the payload), which every Confluent-compatible reader decodes: the
// Kafka UI, Confluent's deserializers, kcat. Apicurio's own default framing (a type reference
// in place of the indexes) only its own deserializer reads.
//
// The schema is looked up as "<topic>-value" in group "default" (TopicIdStrategy). Without
// --auto-register the producer only reads the latest registered version (find-latest), so it fails
// when the infrastructure has not registered the subject; the serializer also checks (validation
// is on by default) that the message type of FILE is compatible with that registered version.
// FILE may import other .proto files of its own directory by file name (import "address.proto";).

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.protobuf.ProtobufDeserializer;
import io.apicurio.registry.serde.protobuf.ProtobufKafkaSerializer;
import io.apicurio.registry.utils.protobuf.schema.FileDescriptorUtils;
import io.apicurio.registry.utils.protobuf.schema.FileDescriptorUtils.ProtobufSchemaContent;
import java.nio.ByteBuffer;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.*;

public class SchemaRoundTrip {
    /** Jackson comes with the serde: the result line is written with it. */
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] argv) {
        // Before any logger exists: warnings only, on stderr (stdout carries the result).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        try {
            Map<String, String> o = parseOptions(argv);
            // A hung registry or broker must not hang the caller: give up as a whole after the deadline.
            long timeoutMs = Long.parseLong(o.getOrDefault("timeout-ms", "90000"));
            Thread watchdog = new Thread(() -> {
                try { Thread.sleep(timeoutMs); } catch (InterruptedException e) { return; }
                fail("timed out after " + timeoutMs + " ms");
            });
            watchdog.setDaemon(true);
            watchdog.start();
            System.out.println(run(o));
            System.out.flush();
            System.exit(0); // the registry client's Vert.x threads would keep the JVM alive
        } catch (Throwable e) {
            fail(describe(e));
        }
    }

    static String run(Map<String, String> o) throws Exception {
        String topic = required(o, "topic");
        String registry = required(o, "registry").replaceAll("/+$", "") + "/apis/registry/v3";
        Descriptor type = messageType(Path.of(required(o, "proto")), required(o, "message"));
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        JsonFormat.parser().merge(o.getOrDefault("json", "{}"), builder);
        DynamicMessage message = builder.build();
        boolean autoRegister = o.containsKey("auto-register");

        Map<String, Object> serde = new HashMap<>();
        serde.put("apicurio.registry.url", registry);
        serde.put("apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.strategy.TopicIdStrategy");
        serde.put("apicurio.registry.auto-register", String.valueOf(autoRegister));
        // Without it the serializer searches the registry by the text it renders from the descriptor,
        // which rarely matches what was registered byte for byte.
        serde.put("apicurio.registry.find-latest", String.valueOf(!autoRegister));
        // An https registry is checked against the cluster's CA; one that asks for a login gets it.
        if (o.containsKey("ca-file")) {
            serde.put("apicurio.registry.tls.truststore.type", "PEM");
            serde.put("apicurio.registry.tls.truststore.location", o.get("ca-file"));
        }
        if (o.containsKey("registry-user")) {
            serde.put("apicurio.registry.auth.username", o.get("registry-user"));
            serde.put("apicurio.registry.auth.password", Objects.requireNonNullElse(System.getenv("SCHEMA_CLIENT_REGISTRY_PASSWORD"), ""));
        }
        // Confluent's framing: message indexes after the id, no type reference (read back the same way).
        serde.put("apicurio.registry.serde.send-type-ref", "false");
        serde.put("apicurio.registry.serde.send-indexes", "true");
        serde.put("apicurio.registry.serde.read-type-ref", "false");
        serde.put("apicurio.registry.serde.read-indexes", "true");

        Properties p = clientProps(o);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        RecordMetadata sent;
        ProtobufKafkaSerializer<Message> serializer = new ProtobufKafkaSerializer<>();
        serializer.configure(serde, false);
        try (Producer<String, Message> producer = new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            sent = producer.send(new ProducerRecord<>(topic, o.getOrDefault("key", "schema-client"), message)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("producing " + type.getFullName() + " to " + topic + " with schema " + topic
                + "-value (group default, " + (autoRegister ? "auto-register" : "latest registered version, auto-register off") + ") failed", e);
        }

        // Raw bytes first, so the payload's schema id can be reported; then the real deserializer.
        Properties c = clientProps(o);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "schema-client-" + UUID.randomUUID().toString().substring(0, 8));
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Without a type reference in the record, Apicurio's deserializer takes the message type by name
        // (as a DynamicMessage); only its generic form, not the Kafka one, can be told that name.
        Map<String, Object> read = new HashMap<>(serde);
        read.put("apicurio.registry.deserializer.value.return-class", DynamicMessage.class.getName());
        ProtobufDeserializer<DynamicMessage> deserializer = new ProtobufDeserializer<>();
        deserializer.configure(new SerdeConfig(read), false);
        deserializer.setMessageTypeName(type.getName());
        long deadline = System.currentTimeMillis() + 30_000;
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.partition() != sent.partition() || r.offset() != sent.offset()) continue; // older records
                    Message decoded = deserializer.deserializeData(topic, r.value());
                    byte[] raw = r.value();
                    // Confluent's framing: magic byte 0, the 4-byte id (Apicurio's content id), the message indexes.
                    ObjectNode result = JSON.createObjectNode().put("ok", true).put("topic", topic).put("partition", r.partition()).put("offset", r.offset());
                    if (raw.length >= 5 && raw[0] == 0) result.put("contentId", ByteBuffer.wrap(raw, 1, 4).getInt()); else result.putNull("contentId");
                    result.put("messageType", decoded.getDescriptorForType().getFullName());
                    result.set("decoded", JSON.readTree(JsonFormat.printer().preservingProtoFieldNames().print(decoded)));
                    return JSON.writeValueAsString(result);
                }
            }
        }
        throw new IllegalStateException("produced to " + topic + "-" + sent.partition() + "@" + sent.offset() + " but did not consume it back within 30 s");
    }

    /** Parses FILE with Apicurio's own .proto parser (no protoc); sibling .proto files serve its imports. */
    static Descriptor messageType(Path file, String name) throws Exception {
        List<ProtobufSchemaContent> siblings = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (f.toString().endsWith(".proto") && !Files.isSameFile(f, file)) {
                    siblings.add(ProtobufSchemaContent.of(f.getFileName().toString(), Files.readString(f)));
                }
            }
        }
        // useSimpleName=true: imports are matched by file name alone, not by "<package>/<file name>".
        FileDescriptor fd = FileDescriptorUtils.parseProtoFileWithDependencies(
            ProtobufSchemaContent.of(file.getFileName().toString(), Files.readString(file)), siblings, null, true, true);
        String local = !fd.getPackage().isEmpty() && name.startsWith(fd.getPackage() + ".") ? name.substring(fd.getPackage().length() + 1) : name;
        String[] parts = local.split("\\.");
        Descriptor d = fd.findMessageTypeByName(parts[0]);
        for (int i = 1; d != null && i < parts.length; i++) d = d.findNestedTypeByName(parts[i]);
        if (d == null) throw new IllegalArgumentException("no message type " + name + " in " + file);
        return d;
    }

    static Properties clientProps(Map<String, String> o) {
        Properties p = new Properties();
        p.put("bootstrap.servers", required(o, "bootstrap"));
        p.put("client.id", "schema-client");
        String protocol = o.getOrDefault("security-protocol", "PLAINTEXT");
        p.put("security.protocol", protocol);
        if (protocol.endsWith("SSL") && o.containsKey("ca-file")) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", o.get("ca-file"));
        }
        if (protocol.startsWith("SASL")) {
            String mechanism = o.getOrDefault("mechanism", "PLAIN");
            String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
            String password = Objects.requireNonNullElse(System.getenv("SCHEMA_CLIENT_PASSWORD"), "");
            p.put("sasl.mechanism", mechanism);
            // JAAS quotes and escapes strings as JSON does.
            p.put("sasl.jaas.config", module + " required username=" + quoted(o.getOrDefault("user", "")) + " password=" + quoted(password) + ";");
        }
        return p;
    }

    /** The exception chain in one line: the serde wraps the registry's answer a few levels deep. */
    static String describe(Throwable e) {
        StringJoiner j = new StringJoiner(" <- ");
        Set<String> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.size() < 6; t = t.getCause()) {
            if (t.getCause() != null && Objects.equals(t.getMessage(), t.getCause().toString())) continue; // a bare wrapper
            String line = t instanceof ProblemDetails pd // the registry's error answer; its message is empty
                ? "registry answered " + pd.getStatus() + " " + pd.getName() + ": " + pd.getDetail()
                : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (seen.add(line)) j.add(line);
        }
        return j.toString();
    }

    static void fail(String error) {
        System.out.println(JSON.createObjectNode().put("ok", false).put("error", error).toString());
        System.out.flush();
        Runtime.getRuntime().halt(1); // halt, not exit: works from the watchdog while main holds locks
    }

    static Map<String, String> parseOptions(String[] argv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
            String k = argv[i].substring(2);
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) o.put(k, argv[++i]); else o.put(k, "true");
        }
        return o;
    }

    static String required(Map<String, String> o, String k) {
        String v = o.get(k);
        if (v == null || v.equals("true")) throw new IllegalArgumentException("--" + k + " is required");
        return v;
    }

    static String quoted(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }
}
