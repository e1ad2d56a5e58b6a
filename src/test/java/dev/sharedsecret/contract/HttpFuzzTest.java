package dev.sharedsecret.contract;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.LogCaptureSuspended;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The raw-HTTP fuzz targets under JUnit ({@link JettyHttpFuzzer}, {@link TomcatHttpFuzzer}). In a
 * plain {@code mvn verify} each replays, as one test per file, the requests in
 * {@code src/test/resources/dev/sharedsecret/contract/HttpFuzzTestInputs} (shared seeds at its top,
 * each method's corpus and past findings in the directory of its name) and the empty input. With
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes the one method selected instead; {@code src/test/fuzz/fuzz.sh}
 * is the usual way to fuzz (see docs/testing.md).
 *
 * <p>Ordered after the other test classes but {@code LogLeakTest}: the first fuzz test installs
 * Jazzer's agent in the JVM, and no other test should run with it. {@code LogLeakTest} does not
 * see their log lines ({@link CapturedLogs#suspend()}): the inputs are arbitrary text, which the
 * filter's DEBUG line (the path) and Jetty's warnings (a bad {@code Host}) quote by design; the
 * targets check the responses instead.
 */
@Order(Integer.MAX_VALUE - 1)
@ExtendWith(LogCaptureSuspended.class)
class HttpFuzzTest {
    @BeforeAll
    static void startServers() throws Exception {
        JettyHttpFuzzer.fuzzerInitialize();
        TomcatHttpFuzzer.fuzzerInitialize();
    }

    @AfterAll
    static void stopServers() throws Exception {
        JettyHttpFuzzer.fuzzerTearDown();
        TomcatHttpFuzzer.fuzzerTearDown();
    }

    @DictionaryFile(resourcePath = "http.dict")
    @FuzzTest(maxDuration = "3m")
    void jettyAdmitsOnlyWhatTheContractAllows(byte[] input) throws Exception {
        JettyHttpFuzzer.fuzzerTestOneInput(input);
    }

    @DictionaryFile(resourcePath = "http.dict")
    @FuzzTest(maxDuration = "3m")
    void tomcatAdmitsOnlyWhatTheContractAllows(byte[] input) throws Exception {
        TomcatHttpFuzzer.fuzzerTestOneInput(input);
    }
}
