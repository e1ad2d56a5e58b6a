import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints the counters of a SharedSecretFilter over JMX, as an operator's JMX client would read
 * them: {@code java JmxCounters.java <port> [filter name]} connects to
 * {@code 127.0.0.1:<port>} (a JVM started with {@code -Dcom.sun.management.jmxremote.port}) and
 * prints one counter a line, {@code AcceptedBySource} once per source:
 *
 * <pre>
 * Accepted 1042
 * RejectedMissing 1
 * RejectedInvalid 0
 * Misconfigured 0
 * AcceptedBySource file:/run/secrets/origin 1042
 * </pre>
 *
 * The filter name defaults to {@code sharedSecret}, the demo's. Exits 1 if the MXBean is not there.
 */
public final class JmxCounters {
    private static final String[] COUNTERS = {"Accepted", "RejectedMissing", "RejectedInvalid", "Misconfigured"};

    private JmxCounters() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java JmxCounters.java <jmx port> [filter name]");
            System.exit(2);
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[0] + "/jmxrmi");
        ObjectName name = new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name="
                + (args.length == 2 ? args[1] : "sharedSecret"));
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Set<ObjectName> found = server.queryNames(name, null);
            if (found.isEmpty()) {
                System.err.println("no MXBean " + name);
                System.exit(1);
            }
            StringBuilder out = new StringBuilder();
            for (String counter : COUNTERS) {
                out.append(counter).append(' ').append(server.getAttribute(name, counter)).append('\n');
            }
            Map<String, Object> bySource = new TreeMap<>();
            for (Object row : ((TabularData) server.getAttribute(name, "AcceptedBySource")).values()) {
                CompositeData entry = (CompositeData) row;
                bySource.put((String) entry.get("key"), entry.get("value"));
            }
            bySource.forEach((source, count) -> out.append("AcceptedBySource ").append(source).append(' ')
                    .append(count).append('\n'));
            System.out.print(out);
        }
    }
}
