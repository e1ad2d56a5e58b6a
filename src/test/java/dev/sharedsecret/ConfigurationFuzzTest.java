package dev.sharedsecret;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.LogCaptureSuspended;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration fuzz target ({@link ConfigurationFuzzer}) under JUnit. In a plain
 * {@code mvn verify} it replays, as one test per file, the inputs in
 * {@code src/test/resources/dev/sharedsecret/ConfigurationFuzzTestInputs/<method>} (corpus and
 * past findings) and the empty input. With {@code JAZZER_FUZZ=1} Jazzer fuzzes it instead;
 * {@code src/test/fuzz/fuzz.sh} is the usual way to fuzz (see docs/testing.md).
 *
 * <p>Ordered after the other test classes but {@code LogLeakTest}: the first fuzz test installs
 * Jazzer's agent in the JVM, and no other test should run with it. {@code LogLeakTest} does not
 * see its log lines ({@link CapturedLogs#suspend()}): the inputs are arbitrary text, which init's
 * lines quote as settings (the filter name, variable names, paths); the target checks every message
 * itself.
 */
@Order(Integer.MAX_VALUE - 1)
@ExtendWith(LogCaptureSuspended.class)
class ConfigurationFuzzTest {
    @BeforeAll
    static void createSecretFileDirectory() throws Exception {
        ConfigurationFuzzer.fuzzerInitialize();
    }

    @AfterAll
    static void deleteSecretFileDirectory() throws Exception {
        ConfigurationFuzzer.fuzzerTearDown();
    }

    @DictionaryFile(resourcePath = "configuration.dict")
    @FuzzTest(maxDuration = "3m")
    void configurationBuildsOrFailsAsDocumentedWithoutShowingASecret(FuzzedDataProvider data) throws Exception {
        ConfigurationFuzzer.fuzzerTestOneInput(data);
    }
}
