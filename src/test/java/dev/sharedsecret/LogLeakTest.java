package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.SentValues;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (in the default run and, tagged {@code leak}, in the proof
 * profile's load run) and reads every log line the suite produced: this library's
 * at every level (DEBUG included), Jetty's and Tomcat's at INFO and above. None may contain a
 * secret or a value a test sent in a secret header.
 */
@Order(Integer.MAX_VALUE)
@Tag("leak")
class LogLeakTest {
    /**
     * Tomcat logs the first malformed request it refuses at INFO, quoting part of the request line
     * or header (later ones at DEBUG). That is the container's log, before any filter runs; the
     * README says how to quiet it. Nothing else is exempt but its HTTP/2 counterpart below.
     */
    private static final String TOMCAT_PARSE_ERROR = "org.apache.coyote.http11.Http11Processor";
    /**
     * The same over HTTP/2: Tomcat logs the first stream error at INFO (later ones at DEBUG), and for
     * a header value HPACK forbids (surrounding whitespace, a control character) it quotes the whole
     * value: "...header field value [ secret]". The README says how to quiet it too.
     */
    private static final String TOMCAT_H2_STREAM_ERROR = "org.apache.coyote.http2.Http2UpgradeHandler";

    @Test
    void noLogLineContainsASecretOrAReceivedValue() {
        Set<String> sensitive = SentValues.all();
        List<CapturedLogs.Line> lines = CapturedLogs.all();
        // Load tests log the same few DEBUG lines many times over: check each distinct line once.
        List<String> leaks = lines.stream()
                .filter(line -> !line.logger().equals(TOMCAT_PARSE_ERROR) && !line.logger().equals(TOMCAT_H2_STREAM_ERROR))
                .map(CapturedLogs.Line::toString)
                .distinct()
                .filter(line -> sensitive.stream().anyMatch(line::contains))
                .collect(Collectors.toList());
        assertEquals(List.of(), leaks);
        System.out.printf("LogLeakTest: %d log lines checked against %d sent values, no leak%n", lines.size(), sensitive.size());
    }

    /** Guards the test above against passing vacuously. */
    @Test
    void theCaptureSawTheSuite() {
        List<CapturedLogs.Line> lines = CapturedLogs.all();
        assertTrue(SentValues.all().size() >= 5, "too few sent values recorded: " + SentValues.all().size());
        assertTrue(lines.stream().anyMatch(line -> line.level().equals("DEBUG") && line.logger().startsWith("dev.sharedsecret")),
                "no DEBUG line of this library was captured");
    }
}
