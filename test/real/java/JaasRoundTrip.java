// What a broker makes of its JAAS setting: reads server.properties with java.util.Properties (as
// Kafka does), then hands the listener's sasl.jaas.config to Kafka's own JaasContext, and prints
// the login module's options and the file's property count as one JSON line.
//
//   java -cp "<kafka libs>/*" test/real/java/JaasRoundTrip.java <server.properties> <listener> <mechanism>

import java.io.FileReader;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;

public class JaasRoundTrip {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (Reader r = new FileReader(args[0])) {
            props.load(r);
        }
        ListenerName listener = ListenerName.normalised(args[1]);
        String key = listener.saslMechanismConfigPrefix(args[2]) + "sasl.jaas.config";
        // The broker hands JaasContext its listener's settings with the listener prefix taken off.
        Map<String, Object> configs = new HashMap<>();
        if (props.getProperty(key) != null) configs.put(args[2].toLowerCase() + ".sasl.jaas.config", new Password(props.getProperty(key)));
        StringBuilder json = new StringBuilder("{\"properties\":").append(props.size()).append(",\"options\":");
        try {
            Map<String, ?> options = JaasContext.loadServerContext(listener, args[2], configs).configurationEntries().get(0).getOptions();
            json.append('{');
            String sep = "";
            for (Map.Entry<String, ?> e : options.entrySet()) {
                json.append(sep).append(quote(e.getKey())).append(':').append(quote(String.valueOf(e.getValue())));
                sep = ",";
            }
            json.append("}}");
        } catch (Exception e) {
            json.append("null,\"error\":").append(quote(e.getClass().getSimpleName() + ": " + e.getMessage())).append('}');
        }
        System.out.println(json);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
