package dev.sharedsecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.SentValues;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secret files: how {@link SecretStore} loads, confirms, keeps and reports them. Most tests call
 * {@link SecretStore#reload()} directly, one read per call, so they are deterministic; the filter
 * tests at the end go through the background reload thread and poll with a deadline.
 */
class SecretStoreTest {
    private static final String FIRST = "store-first-3f9a1c7e5b2d8046a1e3c5b7d9f20486ace13579bdf02468";
    private static final String SECOND = "store-second-8e1d4b7a2c5f9036e2b4d6f8a0c13579bdf2468ace0135";
    private static final String ENV_SECRET = "store-env-5c2a8f1e7b4d3096c8e0a2b4d6f813579bdf02468ace1357";
    private static final String RULE = "a usable secret is at least 32 characters of visible ASCII (0x21-0x7E) after"
            + " surrounding whitespace is trimmed; generate one with [openssl rand -hex 32]";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** Every value a test wrote or sent; no log line may contain one. */
    private final List<String> values = new ArrayList<>();

    SecretStoreTest() {
        sensitive(FIRST);
        sensitive(SECOND);
        sensitive(ENV_SECRET);
    }

    /** Notes a value no log line may contain, here and for {@code LogLeakTest}. */
    private String sensitive(String value) {
        values.add(value);
        SentValues.record(value);
        return value;
    }

    @AfterEach
    void noLogLineContainsASecretValue() {
        for (CapturedLogs.Line line : CapturedLogs.all()) {
            for (String value : values) {
                assertFalse(line.text().contains(value), () -> "a log line shows a secret value: " + line);
            }
        }
    }

    // ---- loading ----

    @Test
    void loadsTheTrimmedSecretOfAFileAtStartAndNamesItsSource(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), " \t" + FIRST + "\r\n\n");
        try (SecretStore store = store(file)) {
            Secrets secrets = store.current();
            assertEquals(1, secrets.size());
            assertEquals(0, secrets.indexOf(FIRST));
            assertEquals("file:" + file, secrets.source(0));
            assertEquals(-1, secrets.indexOf(" " + FIRST));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    @Test
    void acceptsFileAndEnvironmentSecretsTogether(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST + "\n");
        Settings settings = settings(Map.of("SSF_STORE_ENV", ENV_SECRET), List.of("SSF_STORE_ENV"), file);
        try (SecretStore store = new SecretStore(settings)) {
            Secrets secrets = store.current();
            assertEquals(2, secrets.size());
            assertEquals("env:SSF_STORE_ENV", secrets.source(secrets.indexOf(ENV_SECRET)));
            assertEquals("file:" + file, secrets.source(secrets.indexOf(FIRST)));
        }
    }

    @Test
    void namesAFileSourceByItsAbsoluteNormalisedPath(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        Path roundabout = dir.resolve("sub").resolve("..").resolve(".").resolve("origin");
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(roundabout)
                .reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig("store-normalised-" + dir.getFileName()));
        try {
            FakeHttpRequest request = request(FIRST);
            assertEquals(200, send(filter, request).status());
            assertEquals("file:" + file, request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        } finally {
            filter.destroy();
        }
    }

    // ---- two equal reads ----

    @Test
    void takesAChangedFileOnlyAfterTwoEqualReads(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            Secrets before = store.current();
            write(file, SECOND + "\n");
            store.reload();
            assertSame(before, store.current(), "one read of a changed file must not publish anything");
            assertEquals(0, store.current().indexOf(FIRST));
            assertEquals(-1, store.current().indexOf(SECOND));
            store.reload();
            assertEquals(0, store.current().indexOf(SECOND));
            assertEquals(-1, store.current().indexOf(FIRST));
            assertEquals("file:" + file, store.current().source(0));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded", "INFO Secret file [" + file + "] loaded"),
                logOf(file));
    }

    @Test
    void neverTakesAHalfWrittenFile(@TempDir Path dir) throws IOException {
        String half = SECOND.substring(0, 40);
        sensitive(half);
        assertTrue(Secrets.usableSecret(half) != null, "the half must be usable on its own for this test to mean anything");
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            write(file, half);
            store.reload();
            write(file, SECOND);
            store.reload();
            assertEquals(-1, store.current().indexOf(half));
            assertEquals(0, store.current().indexOf(FIRST), "the last good secret stays until the new one is confirmed");
            store.reload();
            assertEquals(-1, store.current().indexOf(half));
            assertEquals(0, store.current().indexOf(SECOND));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded", "INFO Secret file [" + file + "] loaded"),
                logOf(file));
    }

    @Test
    void ignoresAChangeThatIsUndoneBeforeItIsConfirmed(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            Secrets before = store.current();
            write(file, SECOND);
            store.reload();
            write(file, FIRST);
            store.reload();
            store.reload();
            assertSame(before, store.current());
            write(file, SECOND);
            store.reload();
            assertSame(before, store.current(), "a change seen once before the undo must not count as the first read");
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    @Test
    void loadsAFileThatChangesAtStartOnlyOnceItIsStable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("origin");
        try (SecretStore store = store(file)) {
            assertTrue(store.current().isEmpty());
            write(file, FIRST);
            store.reload();
            assertTrue(store.current().isEmpty(), "a file that just appeared is read once, not yet confirmed");
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
    }

    // ---- missing at start ----

    @Test
    void countsAMissingFileAsNotConfiguredUntilItAppears(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("origin");
        try (SecretStore store = store(file)) {
            assertTrue(store.current().isEmpty());
            store.reload();
            store.reload();
            assertTrue(store.current().isEmpty());
            assertEquals(List.of("WARN Secret file [" + file + "] is missing; it counts as not configured until it appears"),
                    logOf(file));
            write(file, FIRST + "\n");
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
        assertEquals(List.of("WARN Secret file [" + file + "] is missing; it counts as not configured until it appears",
                "INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    // ---- keeping the last good secret ----

    @Test
    void keepsLastGoodSecretWhenFileIsDeleted(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            Files.delete(file);
            for (int i = 0; i < 3; i++) {
                store.reload();
                assertEquals(0, store.current().indexOf(FIRST));
                assertEquals("file:" + file, store.current().source(0));
            }
            write(file, FIRST);
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded",
                "WARN Secret file [" + file + "] is missing; keeping its last good secret",
                "INFO Secret file [" + file + "] holds its secret again"), logOf(file));
    }

    @Test
    void keepsLastGoodSecretWhenFileIsReplacedByADirectory(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            Files.delete(file);
            Files.createDirectory(file);
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
            Files.delete(file);
            write(file, FIRST);
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded",
                "WARN Secret file [" + file + "] cannot be read; keeping its last good secret",
                "INFO Secret file [" + file + "] holds its secret again"), logOf(file));
    }

    @Test
    void keepsLastGoodSecretWhenFileBecomesUnusable(@TempDir Path dir) throws IOException {
        String tooShort = SECOND.substring(0, 31);
        sensitive(tooShort);
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            write(file, tooShort);
            store.reload();
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
            assertEquals(-1, store.current().indexOf(tooShort));
            write(file, FIRST + "\n");
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded",
                "WARN Secret file [" + file + "] is ignored: " + RULE + "; keeping its last good secret",
                "INFO Secret file [" + file + "] holds its secret again"), logOf(file));
    }

    @Test
    void keepsLastGoodSecretWhileAnotherFileChanges(@TempDir Path dir) throws IOException {
        Path kept = write(dir.resolve("kept"), FIRST);
        Path changing = write(dir.resolve("changing"), SECOND);
        String third = sensitive("store-third-9d7b5f3a1c8e6042b9d7f5a3c1e8b6d4f2a0c8e6b4d2f0a9");
        String fourth = sensitive("store-fourth-2e4a6c8f0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8");
        try (SecretStore store = store(kept, changing)) {
            Files.delete(kept);
            write(changing, third);
            reload(store, 2);
            assertEquals(0, store.current().indexOf(FIRST), "a missing file keeps its secret when another file changes");
            assertEquals(1, store.current().indexOf(third));
            write(kept, "not a secret");
            reload(store, 2);
            write(changing, fourth);
            reload(store, 2);
            assertEquals(0, store.current().indexOf(FIRST), "an unusable file keeps its secret when another file changes");
            assertEquals(1, store.current().indexOf(fourth));
            assertEquals("file:" + kept, store.current().source(0));
        }
        assertEquals(List.of("INFO Secret file [" + kept + "] loaded",
                "WARN Secret file [" + kept + "] is missing; keeping its last good secret",
                "WARN Secret file [" + kept + "] is ignored: " + RULE + "; keeping its last good secret"), logOf(kept));
    }

    @Test
    void logsOneLinePerTransitionAndNoneWhileNothingChanges(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("origin"), FIRST);
        try (SecretStore store = store(file)) {
            Files.delete(file);
            reload(store, 3);
            Files.createDirectory(file);
            reload(store, 3);
            Files.delete(file);
            write(file, "");
            reload(store, 3);
            write(file, "not a secret");
            reload(store, 3);
            Files.delete(file);
            reload(store, 3);
            write(file, FIRST);
            reload(store, 3);
            write(file, SECOND);
            reload(store, 3);
            assertEquals(0, store.current().indexOf(SECOND));
            assertEquals(1, store.current().size());
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded",
                "WARN Secret file [" + file + "] is missing; keeping its last good secret",
                "WARN Secret file [" + file + "] cannot be read; keeping its last good secret",
                "WARN Secret file [" + file + "] is ignored: " + RULE + "; keeping its last good secret",
                "WARN Secret file [" + file + "] is missing; keeping its last good secret",
                "INFO Secret file [" + file + "] holds its secret again",
                "INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    // ---- unusable without a previous secret ----

    @ParameterizedTest
    @ValueSource(strings = {"", " \n", "short-0123456789abcdef012345678", "inner space 0123456789abcdef0123456789",
            "non-ascii-\u00e9-0123456789abcdef0123456789abcdef", "control-\u007f-0123456789abcdef0123456789abcdef"})
    void ignoresAnUnusableFileThatNeverHeldASecret(String content, @TempDir Path dir) throws IOException {
        if (!content.isBlank()) {
            sensitive(content);
        }
        Path file = dir.resolve("origin");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        try (SecretStore store = store(file)) {
            store.reload();
            store.reload();
            assertTrue(store.current().isEmpty());
        }
        assertEquals(List.of("ERROR Secret file [" + file + "] is ignored: " + RULE), logOf(file));
    }

    @Test
    void acceptsAFileOfExactly32VisibleCharacters(@TempDir Path dir) throws IOException {
        String shortest = "!\"#$%&'()*+,-./0123456789:;<=>?@";
        assertEquals(32, shortest.length());
        sensitive(shortest);
        Path file = write(dir.resolve("origin"), shortest + "\n");
        try (SecretStore store = store(file)) {
            assertEquals(0, store.current().indexOf(shortest));
        }
    }

    @Test
    void reportsAnUnreadableFileThatNeverHeldASecret(@TempDir Path dir) throws IOException {
        Path file = Files.createDirectory(dir.resolve("origin"));
        try (SecretStore store = store(file)) {
            store.reload();
            assertTrue(store.current().isEmpty());
            Files.delete(file);
            write(file, FIRST);
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
        }
        assertEquals(List.of("ERROR Secret file [" + file + "] cannot be read",
                "INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    @Test
    void treatsFilesOver64KiBAsUnusable(@TempDir Path dir) throws IOException {
        String largest = pattern(64 * 1024);
        String tooLarge = pattern(64 * 1024 + 1);
        Path fits = write(dir.resolve("fits"), largest);
        Path over = write(dir.resolve("over"), tooLarge);
        try (SecretStore store = store(fits)) {
            assertEquals(0, store.current().indexOf(largest));
        }
        try (SecretStore store = store(over)) {
            assertTrue(store.current().isEmpty());
        }
        assertEquals(List.of("ERROR Secret file [" + over + "] is ignored: " + RULE), logOf(over));

        Path growing = write(dir.resolve("growing"), FIRST);
        try (SecretStore store = store(growing)) {
            write(growing, tooLarge);
            store.reload();
            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
            assertEquals(-1, store.current().indexOf(tooLarge));
        }
        assertEquals(List.of("INFO Secret file [" + growing + "] loaded",
                "WARN Secret file [" + growing + "] is ignored: " + RULE + "; keeping its last good secret"),
                logOf(growing));
    }

    // ---- Kubernetes ----

    @Test
    void picksUpAKubernetesAtomicSymlinkSwap(@TempDir Path dir) throws IOException {
        Path firstVersion = Files.createDirectory(dir.resolve("..2024_05_01_10_00_00.000000001"));
        write(firstVersion.resolve("secret"), FIRST + "\n");
        Files.createSymbolicLink(dir.resolve("..data"), firstVersion.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("secret"), Path.of("..data", "secret"));
        try (SecretStore store = store(file)) {
            assertEquals(0, store.current().indexOf(FIRST));

            Path secondVersion = Files.createDirectory(dir.resolve("..2024_05_01_11_00_00.000000002"));
            write(secondVersion.resolve("secret"), SECOND + "\n");
            Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), secondVersion.getFileName());
            Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(firstVersion.resolve("secret"));
            Files.delete(firstVersion);

            store.reload();
            assertEquals(0, store.current().indexOf(FIRST));
            store.reload();
            assertEquals(0, store.current().indexOf(SECOND));
            assertEquals(-1, store.current().indexOf(FIRST));
            assertEquals("file:" + file, store.current().source(0));
        }
        assertEquals(List.of("INFO Secret file [" + file + "] loaded", "INFO Secret file [" + file + "] loaded"),
                logOf(file));
    }

    // ---- a failing check of one file ----

    /**
     * A check that fails with an unchecked exception (here: the file system of another file was
     * closed) must neither stop the other files' checks nor lose what they loaded: a secret logged
     * as loaded is accepted, whether the failing file comes before or after it.
     */
    @Test
    void publishesALoadedSecretEvenWhenCheckingAnotherFileFails(@TempDir Path dir) throws IOException {
        String third = sensitive("store-third-1b3d5f7092a4c6e8f0b2d4f6a8c0e2f4a6b8c0d2e4f6a8b0");
        for (boolean failingFirst : new boolean[] {false, true}) {
            Path file = write(dir.resolve("origin-" + failingFirst), FIRST);
            Path zip = dir.resolve("secrets-" + failingFirst + ".zip");
            FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"));
            Path zipped = write(zipFs.getPath("/zipped"), SECOND);
            try (SecretStore store = failingFirst ? store(zipped, file) : store(file, zipped)) {
                assertEquals(2, store.current().size());
                zipFs.close();
                write(file, third);
                reload(store, 3);
                assertEquals(List.of("INFO Secret file [" + file + "] loaded", "INFO Secret file [" + file + "] loaded"),
                        logOf(file), "failing file first: " + failingFirst);
                assertTrue(store.current().indexOf(third) >= 0,
                        "a secret logged as loaded must be accepted; failing file first: " + failingFirst);
                assertTrue(store.current().indexOf(SECOND) >= 0, "the failing file keeps its last good secret");
                assertEquals(-1, store.current().indexOf(FIRST));
            }
        }
    }

    // ---- through the filter and its reload thread ----

    @Test
    void filterAnswers500UntilAMissingSecretFileAppears(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("origin");
        String name = "store-missing-" + dir.getFileName();
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(file).reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig(name));
        try {
            assertEquals(500, send(filter, request(FIRST)).status());
            assertEquals(List.of("No usable secret in files [" + file + "]: " + RULE
                    + "; until one is set, every request is answered 500"),
                    CapturedLogs.texts("ERROR", t -> t.startsWith("No usable secret in files [" + file + "]")));
            write(dir.resolve("origin.tmp"), FIRST + "\n");
            Files.move(dir.resolve("origin.tmp"), file, StandardCopyOption.ATOMIC_MOVE);
            await("the filter accepts the secret of the file that appeared", () -> send(filter, request(FIRST)).status() == 200);
            FakeHttpRequest request = request(FIRST);
            assertEquals(200, send(filter, request).status());
            assertEquals("file:" + file, request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
        } finally {
            filter.destroy();
        }
        assertEquals(List.of("WARN Secret file [" + file + "] is missing; it counts as not configured until it appears",
                "INFO Secret file [" + file + "] loaded"), logOf(file));
    }

    @Test
    void filterPicksUpAChangedSecretFileThroughItsReloadThread(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(file).reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig("store-change-" + dir.getFileName()));
        try {
            FakeHttpRequest first = request(FIRST);
            assertEquals(200, send(filter, first).status());
            assertEquals("file:" + file, first.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
            write(dir.resolve("origin.tmp"), SECOND);
            Files.move(dir.resolve("origin.tmp"), file, StandardCopyOption.ATOMIC_MOVE);
            await("the filter accepts the new secret", () -> send(filter, request(SECOND)).status() == 200);
            FakeHttpRequest second = request(SECOND);
            FakeFilterChain chain = new FakeFilterChain();
            assertEquals(200, send(filter, second, chain).status());
            assertEquals(1, chain.calls());
            assertEquals("file:" + file, second.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE));
            chain = new FakeFilterChain();
            assertEquals(401, send(filter, request(FIRST), chain).status());
            assertEquals(0, chain.calls());
        } finally {
            filter.destroy();
        }
    }

    @Test
    void destroyStopsTheReloadThread(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        String name = "store-destroy-" + dir.getFileName();
        String threadName = "shared-secret-reload[" + name + "]";
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(file).reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig(name));
        try {
            assertTrue(liveThread(threadName), "init starts " + threadName);
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals(threadName)).allMatch(Thread::isDaemon),
                    threadName + " must be a daemon, so that it never keeps a JVM alive");
        } finally {
            filter.destroy();
        }
        assertFalse(liveThread(threadName), threadName + " has ended when destroy returns");
        assertEquals(List.of(), CapturedLogs.texts("WARN", t -> t.contains(threadName)));
    }

    @Test
    void closeWarnsWhenTheReloadThreadOutlivesItsBound(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        String threadName = "shared-secret-reload[store-bound]";
        SecretStore store = new SecretStore(new Settings(SharedSecretFilter.DEFAULT_HEADER_NAME, List.of(), List.of(file),
                PathExclusions.NONE, true, false, false, Map.<String, String>of()::get, Duration.ofMillis(1),
                System::nanoTime));
        store.start("store-bound");
        Thread reloader = thread(threadName);
        synchronized (store) {
            // A check stuck in a read: the reload thread waits for the store's lock, which this test holds.
            await(threadName + " blocks in a check", () -> reloader.getState() == Thread.State.BLOCKED);
            store.close(Duration.ofMillis(20));
            assertTrue(reloader.isAlive());
        }
        assertEquals(List.of("The secret file reload thread [" + threadName + "] was still running when the filter"
                + " stopped (waited up to 20 ms); it ends when its current check returns"),
                CapturedLogs.texts("WARN", t -> t.contains(threadName)));
        reloader.join(DEADLINE.toMillis());
        assertFalse(reloader.isAlive(), threadName + " ends once its check returns");
    }

    @Test
    void refusesASecondInitWithoutDestroyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(file).build();
        filter.init(new FakeFilterConfig("store-lifecycle-first"));
        try {
            ServletException refused = assertThrows(ServletException.class,
                    () -> filter.init(new FakeFilterConfig("store-lifecycle-second")));
            assertEquals("SharedSecretFilter [store-lifecycle-second] is refused: this instance already serves filter"
                    + " [store-lifecycle-first] and was not destroyed; an instance serves one registration at a time,"
                    + " so build one per registration with SharedSecretFilter.builder()", refused.getMessage());
            assertEquals(200, send(filter, request(FIRST)).status(), "the first registration goes on working");
            assertEquals(List.of("shared-secret-reload[store-lifecycle-first]"), reloadThreads("store-lifecycle-"));
            assertEquals(Set.of(beanName("store-lifecycle-first")), beans("store-lifecycle-"));
        } finally {
            filter.destroy();
        }
        assertEquals(List.of(), reloadThreads("store-lifecycle-"));
        assertEquals(Set.of(), beans("store-lifecycle-"));
    }

    @Test
    void initAfterDestroyStartsAfresh(@TempDir Path dir) throws Exception {
        Path file = write(dir.resolve("origin"), FIRST);
        SharedSecretFilter filter = SharedSecretFilter.builder().secretFile(file).build();
        for (int round = 0; round < 3; round++) {
            filter.init(new FakeFilterConfig("store-lifecycle-restart"));
            try {
                assertEquals(200, send(filter, request(FIRST)).status());
                assertEquals(List.of("shared-secret-reload[store-lifecycle-restart]"), reloadThreads("store-lifecycle-"));
                assertEquals(Set.of(beanName("store-lifecycle-restart")), beans("store-lifecycle-"));
            } finally {
                filter.destroy();
            }
            assertEquals(List.of(), reloadThreads("store-lifecycle-"), "no reload thread alive when destroy returns");
            assertEquals(Set.of(), beans("store-lifecycle-"));
            assertEquals(500, send(filter, request(FIRST)).status());
        }
    }

    @Test
    void startsNoReloadThreadWithoutSecretFiles() throws Exception {
        String name = "store-no-files";
        SharedSecretFilter filter = SharedSecretFilter.builder().environment(Map.of("SHARED_SECRET", ENV_SECRET)::get)
                .reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig(name));
        try {
            assertEquals(200, send(filter, request(ENV_SECRET)).status());
            assertFalse(liveThread("shared-secret-reload[" + name + "]"));
        } finally {
            filter.destroy();
        }
    }

    // ---- helpers ----

    private static Settings settings(Map<String, String> environment, List<String> secretEnv, Path... files) {
        return new Settings(SharedSecretFilter.DEFAULT_HEADER_NAME, secretEnv, List.of(files), PathExclusions.NONE,
                true, false, false, environment::get, Duration.ofSeconds(1), System::nanoTime);
    }

    private static SecretStore store(Path... files) {
        return new SecretStore(settings(Map.of(), List.of(), files));
    }

    private static void reload(SecretStore store, int times) {
        for (int i = 0; i < times; i++) {
            store.reload();
        }
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Visible ASCII of the given length, cycling through all 94 characters. */
    private static String pattern(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + i % 94));
        }
        return text.toString();
    }

    /** The lines about {@code file}, as {@code LEVEL text}, in order. */
    private static List<String> logOf(Path file) {
        String prefix = "Secret file [" + file + "] ";
        return CapturedLogs.all().stream()
                .filter(line -> line.logger().equals(SharedSecretFilter.class.getName()) && line.text().startsWith(prefix))
                .map(line -> line.level() + " " + line.text())
                .collect(Collectors.toList());
    }

    private static FakeHttpRequest request(String secret) {
        return new FakeHttpRequest("GET", "/protected").header(SharedSecretFilter.DEFAULT_HEADER_NAME, secret);
    }

    private static FakeHttpResponse send(SharedSecretFilter filter, FakeHttpRequest request) {
        return send(filter, request, new FakeFilterChain());
    }

    private static FakeHttpResponse send(SharedSecretFilter filter, FakeHttpRequest request, FakeFilterChain chain) {
        FakeHttpResponse response = new FakeHttpResponse();
        try {
            filter.doFilter(request, response, chain);
        } catch (IOException | ServletException e) {
            throw new AssertionError(e);
        }
        return response;
    }

    /** The live reload threads of filters whose names start with {@code prefix}, sorted. */
    private static List<String> reloadThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("shared-secret-reload[" + prefix)).sorted().collect(Collectors.toList());
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    /** The registered counters of filters whose names start with {@code prefix}. */
    private static Set<ObjectName> beans(String prefix) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("dev.sharedsecret:type=SharedSecretFilter,*"),
                null).stream().filter(name -> name.getKeyProperty("name").startsWith(prefix)).collect(Collectors.toSet());
    }

    private static ObjectName beanName(String filterName) throws Exception {
        return new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name=" + filterName);
    }

    private static boolean liveThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Polls {@code condition} every millisecond until it holds; fails after {@link #DEADLINE}. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
