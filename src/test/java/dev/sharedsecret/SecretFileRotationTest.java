package dev.sharedsecret;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sharedsecret.testlog.CapturedLogs;
import dev.sharedsecret.testlog.SentValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of secret file rotation: 16 threads send requests through the filter while
 * the main thread rotates the secret the way an operator would, and not one answer may be wrong.
 *
 * <p>The files are {@code current} and {@code previous}. The rotation: start with current = OLD
 * and no previous; write previous = OLD in place (truncate, then two chunks); swap current to NEW
 * atomically (temporary file and rename); rewrite previous in place a few more times; delete
 * previous once NEW is accepted. Every step waits for what the store must have done (a log line,
 * a request's outcome) instead of for time, so the outcome does not depend on the machine's speed.
 * Every state a half-written previous can show is a prefix of the content shorter than a usable
 * secret, so the store must keep OLD through all of them.
 *
 * <p>Wrong answers: a 500; a chain call without a 200, or a 200 without exactly one chain call; a
 * garbage value accepted; OLD rejected before previous is deleted; NEW rejected once any request
 * saw it accepted; a passed request naming a source that does not hold its secret.
 */
class SecretFileRotationTest {
    private static final String OLD = "rotation-old-7c1e9a3f5b2d80461e3a5c7b9d0f2468ace13579bdf02468";
    private static final String NEW = "rotation-new-4a8c2e6f0b3d5719a2c4e6f8b1d3f5a7c9e0b2d4f6a8c1e3";
    /** The first chunk of an in-place write: shorter than a usable secret. */
    private static final int CHUNK = 20;
    private static final List<String> GARBAGE = List.of(
            "rotation-garbage-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978",
            OLD.substring(0, CHUNK),
            OLD.substring(0, 40),
            OLD + "0",
            NEW.substring(0, NEW.length() - 1),
            OLD.toUpperCase());
    private static final String RULE = "a usable secret is at least 32 characters of visible ASCII (0x21-0x7E) after"
            + " surrounding whitespace is trimmed; generate one with [openssl rand -hex 32]";

    private static final int THREADS = 16;
    /** Requests the workers must complete in each phase before the next step. */
    private static final int WORKER_REQUESTS_PER_PHASE = THREADS * 250;
    /**
     * Requests that may be rejected (garbage; NEW before it is accepted), per phase: each one logs a
     * DEBUG line, and the captured log is a copy-on-write list. Once spent, workers send OLD instead.
     */
    private static final int REJECTABLE_PER_PHASE = 1_500;
    /** Main-thread requests between two chunks of an in-place write, so the file stays half-written a while. */
    private static final int PROBES_PER_PAUSE = 500;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private enum Phase { START, WRITE_PREVIOUS, SWAP_CURRENT, REWRITE_PREVIOUS, DELETE_PREVIOUS, DONE }

    private enum Kind { OLD, NEW, GARBAGE }

    private SharedSecretFilter filter;
    private String currentSource;
    private String previousSource;
    private long deadline;

    private volatile Phase phase = Phase.START;
    /** Set once any request carrying NEW was accepted; from then on NEW must always pass. */
    private volatile boolean newAccepted;

    private final LongAdder[] workerRequestsIn = adders(Phase.values().length);
    private final AtomicInteger[] rejectableLeft = new AtomicInteger[Phase.values().length];
    private final LongAdder[] sent = adders(Kind.values().length);
    private final LongAdder[] accepted = adders(Kind.values().length);
    private final LongAdder[] rejected = adders(Kind.values().length);
    private final LongAdder answered500 = new LongAdder();
    private final LongAdder oldAcceptedAfterDelete = new LongAdder();
    private final LongAdder oldRejectedAfterDelete = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final LongAdder chainCalls = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final Queue<String> wrongExamples = new ConcurrentLinkedQueue<>();
    /** When each phase began, for the summary. */
    private final long[] phaseStart = new long[Phase.values().length];

    /** What one request got. */
    private static final class Answer {
        final boolean accepted;
        final Object source;

        Answer(boolean accepted, Object source) {
            this.accepted = accepted;
            this.source = source;
        }
    }

    @Test
    void rotatesSecretFilesWithoutASingleWrongAnswer(@TempDir Path dir) throws Exception {
        SentValues.record(OLD);
        SentValues.record(NEW);
        GARBAGE.forEach(SentValues::record);
        for (int i = 0; i < rejectableLeft.length; i++) {
            rejectableLeft[i] = new AtomicInteger(REJECTABLE_PER_PHASE);
        }
        Path current = dir.resolve("current");
        Path previous = dir.resolve("previous");
        currentSource = "file:" + current;
        previousSource = "file:" + previous;
        String name = "rotation-" + dir.getFileName();
        String reloadThread = "shared-secret-reload[" + name + "]";
        phaseStart[Phase.START.ordinal()] = System.nanoTime();
        deadline = System.nanoTime() + DEADLINE.toNanos();
        int checksFailedBefore = checksFailed();

        writeAtomically(current, OLD);
        filter = SharedSecretFilter.builder().secretFile(current, previous).reloadInterval(Duration.ofMillis(10)).build();
        filter.init(new FakeFilterConfig(name));
        List<Thread> workers = new ArrayList<>();
        FakeFilterChain mainChain = new FakeFilterChain();
        try {
            // START: current = OLD, previous missing.
            assertEquals(currentSource, probe(mainChain, OLD).source);
            for (int i = 0; i < THREADS; i++) {
                Thread worker = new Thread(this::work, "rotation-client-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            awaitWorkers(Phase.START, mainChain);

            // WRITE_PREVIOUS: previous = OLD, written in place. The first time, wait until the store has
            // confirmed the empty file (ERROR) and then loaded the whole one, so both were really seen.
            enter(Phase.WRITE_PREVIOUS);
            String previousLog = "Secret file [" + previous + "]";
            writeInPlace(previous, OLD,
                    () -> await("the store confirms the empty previous", mainChain,
                            () -> count("ERROR", previousLog + " is ignored: " + RULE) == 1),
                    () -> pause(mainChain));
            await("the store loads previous", mainChain, () -> count("INFO", previousLog + " loaded") == 1);
            for (int i = 0; i < 3; i++) {
                writeInPlace(previous, OLD, () -> pause(mainChain), () -> pause(mainChain));
            }
            await("OLD matches previous", mainChain, () -> previousSource.equals(probe(mainChain, OLD).source));
            awaitWorkers(Phase.WRITE_PREVIOUS, mainChain);

            // SWAP_CURRENT: current = NEW, atomically.
            enter(Phase.SWAP_CURRENT);
            writeAtomically(current, NEW);
            await("NEW is accepted", mainChain, () -> probe(mainChain, NEW).accepted);
            assertEquals(currentSource, probe(mainChain, NEW).source);
            assertEquals(previousSource, probe(mainChain, OLD).source);
            awaitWorkers(Phase.SWAP_CURRENT, mainChain);

            // REWRITE_PREVIOUS: the same OLD again, in place. Once more the store must see the empty file
            // (WARN, keeping OLD) and then the whole one (INFO) while requests carrying OLD keep passing.
            enter(Phase.REWRITE_PREVIOUS);
            String ignoredKeeping = previousLog + " is ignored: " + RULE + "; keeping its last good secret";
            String holdsAgain = previousLog + " holds its secret again";
            await("previous holds OLD", mainChain, () -> count("INFO", holdsAgain) == count("WARN", ignoredKeeping));
            int seen = count("WARN", ignoredKeeping);
            writeInPlace(previous, OLD,
                    () -> await("the store confirms the empty previous", mainChain,
                            () -> count("WARN", ignoredKeeping) == seen + 1),
                    () -> pause(mainChain));
            await("previous holds OLD again", mainChain, () -> count("INFO", holdsAgain) == seen + 1);
            for (int i = 0; i < 3; i++) {
                writeInPlace(previous, OLD, () -> pause(mainChain), () -> pause(mainChain));
            }
            awaitWorkers(Phase.REWRITE_PREVIOUS, mainChain);

            // DELETE_PREVIOUS: NEW was accepted, so previous goes.
            enter(Phase.DELETE_PREVIOUS);
            Files.delete(previous);
            await("the store notices previous is gone", mainChain,
                    () -> count("WARN", previousLog + " is missing; keeping its last good secret") == 1);
            awaitWorkers(Phase.DELETE_PREVIOUS, mainChain);
        } finally {
            enter(Phase.DONE);
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            }
            filter.destroy();
            System.out.println(summary(dir));
        }
        for (Thread worker : workers) {
            assertFalse(worker.isAlive(), worker.getName() + " did not stop");
        }
        chainCalls.add(mainChain.calls());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(reloadThread) && t.isAlive()), "the reload thread has ended when destroy returns");

        assertEquals(0, wrong.sum(), () -> "wrong answers, for instance: " + wrongExamples);
        assertEquals(0, answered500.sum());
        long acceptedTotal = accepted[0].sum() + accepted[1].sum() + accepted[2].sum();
        assertEquals(acceptedTotal, chainCalls.sum(), "the chain is called for the accepted requests, no others");
        assertEquals(0, accepted[Kind.GARBAGE.ordinal()].sum());
        for (Kind kind : Kind.values()) {
            assertTrue(sent[kind.ordinal()].sum() > 0, "no request carried " + kind);
        }
        assertTrue(accepted[Kind.NEW.ordinal()].sum() > 0, "NEW was never accepted");
        assertEquals(List.of("INFO Secret file [" + current + "] loaded", "INFO Secret file [" + current + "] loaded"),
                logOf(current), "current: OLD at start, NEW after the swap, nothing else");
        assertEquals(checksFailedBefore, checksFailed(), "a check of the files failed during the rotation");
        List<String> values = new ArrayList<>(GARBAGE);
        values.add(OLD);
        values.add(NEW);
        for (CapturedLogs.Line line : CapturedLogs.all()) {
            for (String value : values) {
                assertFalse(line.text().contains(value), () -> "a log line shows a secret or a sent value: " + line);
            }
        }
    }

    // ---- the clients ----

    /** One client thread: its own chain, a fresh request and response each time, until DONE. */
    private void work() {
        FakeFilterChain chain = new FakeFilterChain();
        long i = 0;
        try {
            while (phase != Phase.DONE && System.nanoTime() - deadline < 0) {
                Phase now = phase;
                Kind kind = Kind.values()[(int) (i % 3)];
                String value = kind == Kind.OLD ? OLD : kind == Kind.NEW ? NEW : GARBAGE.get((int) (i / 3 % GARBAGE.size()));
                i++;
                boolean mayBeRejected = kind == Kind.GARBAGE || (kind == Kind.NEW && !newAccepted);
                if (mayBeRejected && rejectableLeft[now.ordinal()].getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
                    kind = Kind.OLD;
                    value = OLD;
                }
                exchange(chain, kind, value);
                workerRequestsIn[now.ordinal()].increment();
            }
        } finally {
            chainCalls.add(chain.calls());
        }
    }

    /** A request from the main thread, judged like any other. */
    private Answer probe(FakeFilterChain chain, String value) {
        probes.increment();
        return exchange(chain, value.equals(OLD) ? Kind.OLD : value.equals(NEW) ? Kind.NEW : Kind.GARBAGE, value);
    }

    /** Sends one request and judges the answer. */
    private Answer exchange(FakeFilterChain chain, Kind kind, String value) {
        boolean newAcceptedBefore = newAccepted;
        FakeHttpRequest request = new FakeHttpRequest("GET", "/orders").header(SharedSecretFilter.DEFAULT_HEADER_NAME, value);
        FakeHttpResponse response = new FakeHttpResponse();
        int callsBefore = chain.calls();
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            wrong(kind, "threw " + e);
            return new Answer(false, null);
        }
        Phase after = phase;
        int calls = chain.calls() - callsBefore;
        int status = response.status();
        boolean passed = calls == 1 && status == 200;
        Object source = request.getAttribute(SharedSecretFilter.SOURCE_ATTRIBUTE);
        sent[kind.ordinal()].increment();
        (passed ? accepted : rejected)[kind.ordinal()].increment();
        if (kind == Kind.OLD && after == Phase.DELETE_PREVIOUS) {
            (passed ? oldAcceptedAfterDelete : oldRejectedAfterDelete).increment();
        }
        if (status == 500) {
            answered500.increment();
            wrong(kind, "500 in " + after);
        } else if (calls > 1 || (calls == 1) != (status == 200) || (status != 200 && status != 401)) {
            wrong(kind, "status " + status + " with " + calls + " chain call(s) in " + after);
        } else if (kind == Kind.GARBAGE && passed) {
            wrong(kind, "accepted in " + after);
        } else if (kind == Kind.OLD && !passed && after.compareTo(Phase.DELETE_PREVIOUS) < 0) {
            wrong(kind, "rejected in " + after);
        } else if (kind == Kind.NEW && !passed && newAcceptedBefore) {
            wrong(kind, "rejected after it was accepted, in " + after);
        } else if (passed && !(kind == Kind.NEW ? Set.of(currentSource) : Set.of(currentSource, previousSource))
                .contains(source)) {
            wrong(kind, "accepted with source " + source + " in " + after);
        }
        if (kind == Kind.NEW && passed) {
            newAccepted = true;
        }
        return new Answer(passed, source);
    }

    private void wrong(Kind kind, String what) {
        wrong.increment();
        if (wrongExamples.size() < 10) {
            wrongExamples.add(kind + " " + what);
        }
    }

    // ---- the operator ----

    private void enter(Phase next) {
        phaseStart[next.ordinal()] = System.nanoTime();
        phase = next;
    }

    /** Writes the content the way {@code echo > file} does: truncate, then write (here in two chunks). */
    private static void writeInPlace(Path file, String content, Runnable afterTruncate, Runnable betweenChunks)
            throws IOException {
        byte[] bytes = (content + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(file, WRITE, CREATE, TRUNCATE_EXISTING)) {
            afterTruncate.run();
            writeFully(channel, ByteBuffer.wrap(bytes, 0, CHUNK));
            betweenChunks.run();
            writeFully(channel, ByteBuffer.wrap(bytes, CHUNK, bytes.length - CHUNK));
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Writes a temporary file beside {@code file} and renames it over {@code file}. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temporary, (content + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps the file as it is for a while: the main thread sends requests carrying OLD meanwhile. */
    private void pause(FakeFilterChain chain) {
        for (int i = 0; i < PROBES_PER_PAUSE; i++) {
            probe(chain, OLD);
        }
    }

    private void awaitWorkers(Phase current, FakeFilterChain chain) {
        await(WORKER_REQUESTS_PER_PHASE + " worker requests in " + current, chain,
                () -> workerRequestsIn[current.ordinal()].sum() >= WORKER_REQUESTS_PER_PHASE);
    }

    /**
     * Polls {@code condition} until it holds; fails at the first wrong answer or at the test's
     * deadline. Between checks the main thread (if given a chain) sends requests carrying OLD, and,
     * once accepted, NEW.
     */
    private void await(String what, FakeFilterChain chain, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (wrong.sum() > 0) {
                fail(wrong.sum() + " wrong answer(s) while waiting until " + what + ", for instance: " + wrongExamples);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            if (chain != null) {
                probe(chain, OLD);
                if (newAccepted) {
                    probe(chain, NEW);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    // ---- reporting ----

    private static int count(String level, String text) {
        return CapturedLogs.texts(level, text::equals).size();
    }

    /** The WARN lines of failed checks so far; they name no file, so the test counts them before and after. */
    private static int checksFailed() {
        return CapturedLogs.texts("WARN", t -> t.startsWith("Checking the secret files failed")).size();
    }

    private static List<String> logOf(Path file) {
        String prefix = "Secret file [" + file + "] ";
        return CapturedLogs.all().stream()
                .filter(line -> line.text().startsWith(prefix))
                .map(line -> line.level() + " " + line.text())
                .collect(Collectors.toList());
    }

    private String summary(Path dir) {
        String previousLog = "Secret file [" + dir.resolve("previous") + "]";
        long halfWrittenConfirmed = CapturedLogs.all().stream()
                .filter(line -> line.text().startsWith(previousLog + " is ignored: "))
                .count();
        return String.format("Rotation summary: %d threads, %d requests + %d probes;"
                        + " OLD %d (accepted %d, rejected %d);"
                        + " NEW %d (accepted %d, rejected %d);"
                        + " garbage %d (accepted %d); 500s %d;"
                        + " OLD after previous was deleted: accepted %d, rejected %d;"
                        + " half-written previous confirmed and ignored: %d time(s); wrong answers: %d; phases (ms): %s",
                THREADS, total(sent) - probes.sum(), probes.sum(),
                sent[0].sum(), accepted[0].sum(), rejected[0].sum(),
                sent[1].sum(), accepted[1].sum(), rejected[1].sum(),
                sent[2].sum(), accepted[2].sum(),
                answered500.sum(), oldAcceptedAfterDelete.sum(), oldRejectedAfterDelete.sum(),
                halfWrittenConfirmed, wrong.sum(), phaseMillis());
    }

    /** How long each phase that began lasted, until the next one (or DONE) began. */
    private String phaseMillis() {
        List<String> millis = new ArrayList<>();
        for (int i = 0, next; i < Phase.DONE.ordinal() && phaseStart[i] != 0; i = next) {
            next = i + 1;
            while (phaseStart[next] == 0) {
                next++;
            }
            millis.add(Phase.values()[i] + " " + TimeUnit.NANOSECONDS.toMillis(phaseStart[next] - phaseStart[i]));
        }
        return String.join(", ", millis);
    }

    private static long total(LongAdder[] adders) {
        long sum = 0;
        for (LongAdder adder : adders) {
            sum += adder.sum();
        }
        return sum;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
