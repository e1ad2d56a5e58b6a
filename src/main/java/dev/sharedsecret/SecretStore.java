package dev.sharedsecret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the secrets and keeps them current. Variables are read once; secret files are read at
 * start and then checked every {@link Settings#reloadInterval} on one daemon thread, so Kubernetes
 * secret volumes, Docker secrets and Vault Agent can rewrite them while the application runs.
 *
 * <p>Requests never see an empty set, and not the half-written states of ordinary writers (atomic
 * renames, symlink swaps, a truncate followed by writes): a changed file is taken only once two
 * reads one interval apart return the same bytes; a file that becomes missing, unreadable or
 * unusable after a good load keeps its last good secret (one WARN line says so); and each change is
 * published as a new immutable {@link Secrets} through one {@code volatile} write. (A writer that
 * stalls mid-write for longer than an interval can still be read half-written.) Only regular files
 * are read, at most {@value #MAX_FILE_SIZE} bytes: a FIFO or a device is reported unreadable.
 */
final class SecretStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretFilter.class);
    /** A secret file larger than this is not a secret; it is reported unusable without being read. */
    static final long MAX_FILE_SIZE = 64 * 1024;
    /** How long {@link #close()} waits for the reload thread to end. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Settings settings;
    private final List<byte[]> envSecrets = new ArrayList<>();
    private final List<String> envSources = new ArrayList<>();
    private final List<SecretFile> files = new ArrayList<>();
    private volatile Secrets current;
    /**
     * Guards {@link #reloader}. Not {@code this}, which a check holds for as long as it reads: a
     * read that hangs must not hold up {@link #close()}.
     */
    private final Object threadLock = new Object();
    /** The reload thread, from {@link #start} until {@link #close}. */
    private Thread reloader;
    /** Counted down by {@link #close}: wakes the reload thread and ends its loop. */
    private final CountDownLatch stop = new CountDownLatch(1);

    /** Reads the variables and the files once; logs what is unusable, by name and rule only. */
    SecretStore(Settings settings) {
        this.settings = settings;
        for (String name : settings.secretEnv) {
            String value = settings.environment.apply(name);
            if (value == null || Secrets.trim(value).isEmpty()) {
                continue;
            }
            byte[] secret = Secrets.usableSecret(value);
            if (secret == null) {
                LOG.error("Environment variable [{}] is ignored: {}", name, Secrets.RULE);
            } else {
                envSecrets.add(secret);
                envSources.add("env:" + name);
            }
        }
        for (Path path : settings.secretFiles) {
            SecretFile file = new SecretFile(path);
            file.poll();
            file.poll();
            files.add(file);
        }
        current = snapshot();
    }

    /** The secrets to judge the next request against. */
    Secrets current() {
        return current;
    }

    /**
     * Starts checking the files for changes on one daemon thread, if there are any files. The
     * thread is the only one this class starts; {@link #close()} ends it.
     */
    void start(String filterName) {
        synchronized (threadLock) {
            if (files.isEmpty() || reloader != null || stop.getCount() == 0) {
                return;
            }
            reloader = new Thread(this::watch, "shared-secret-reload[" + filterName + "]");
            reloader.setDaemon(true);
            reloader.start();
        }
    }

    /** The reload thread's loop: one check per interval until {@link #close()} or an interrupt. */
    private void watch() {
        long interval = settings.reloadInterval.toNanos();
        try {
            while (!stop.await(interval, TimeUnit.NANOSECONDS)) {
                reloadOrReport();
            }
        } catch (InterruptedException e) {
            // interrupted by whoever owns the JVM's threads (a container stopping them): end quietly
        }
    }

    /**
     * One check of the reload thread: anything unexpected is logged (type and message only: file errors name paths, never contents) and the
     * checks go on.
     */
    private void reloadOrReport() {
        try {
            reload();
        } catch (RuntimeException | Error e) {
            LOG.error("Checking the secret files failed; the next check follows as usual: {}", e.toString());
        }
    }

    /** Checks every file once and publishes a new snapshot if a secret changed. */
    synchronized void reload() {
        boolean changed = false;
        for (SecretFile file : files) {
            changed |= file.poll();
        }
        if (changed) {
            current = snapshot();
        }
    }

    /**
     * Stops checking the files and returns once the reload thread has ended, so that a container
     * undeploying the application finds no thread of ours alive; a check under way finishes first.
     * The wait is bounded by {@link #STOP_TIMEOUT} (a file read hanging on a dead
     * network mount): past that, or if the calling thread is interrupted, one WARN line says so
     * and the thread ends on its own once that read returns, without checking again.
     */
    @Override
    public void close() {
        close(STOP_TIMEOUT);
    }

    /** {@link #close()} with another bound, for tests. */
    void close(Duration bound) {
        Thread stopping;
        synchronized (threadLock) {
            stop.countDown();
            stopping = reloader;
            reloader = null;
        }
        if (stopping == null) {
            return;
        }
        try {
            stopping.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.isAlive()) {
            LOG.warn("The secret file reload thread [{}] was still running when the filter stopped (waited up to {} ms);"
                    + " it ends when its current check returns", stopping.getName(), bound.toMillis());
        }
    }

    private Secrets snapshot() {
        List<byte[]> secrets = new ArrayList<>(envSecrets);
        List<String> sources = new ArrayList<>(envSources);
        for (SecretFile file : files) {
            if (file.secret != null) {
                secrets.add(file.secret);
                sources.add("file:" + file.path);
            }
        }
        return new Secrets(secrets, sources);
    }

    private enum Status { NEW, LOADED, UNUSABLE, MISSING, UNREADABLE }

    /** One secret file: its last good secret and what the latest read found. Guarded by the store. */
    private static final class SecretFile {
        final Path path;
        /** The last good secret; once set, never cleared. */
        byte[] secret;
        /** The bytes last taken (usable or not), and bytes seen once that wait for a second read. */
        byte[] confirmed;
        boolean confirmedUsable;
        byte[] pending;
        Status status = Status.NEW;

        SecretFile(Path path) {
            this.path = path;
        }

        /**
         * Reads the file once.
         *
         * @return whether {@link #secret} changed
         */
        boolean poll() {
            byte[] content;
            try {
                content = read(path);
            } catch (NoSuchFileException e) {
                pending = null;
                report(Status.MISSING);
                return false;
            } catch (IOException | RuntimeException e) {
                // RuntimeException too: a closed or odd file system, a SecurityException. One file's
                // trouble must neither stop the others' checks nor the reload thread.
                pending = null;
                report(Status.UNREADABLE);
                return false;
            }
            if (Arrays.equals(content, confirmed)) {
                pending = null;
                report(confirmedUsable ? Status.LOADED : Status.UNUSABLE);
                return false;
            }
            if (!Arrays.equals(content, pending)) {
                pending = content;
                return false;
            }
            pending = null;
            confirmed = content;
            byte[] usable = Secrets.usableSecret(latin1(content));
            confirmedUsable = usable != null;
            if (usable == null || Arrays.equals(usable, secret)) {
                report(confirmedUsable ? Status.LOADED : Status.UNUSABLE);
                return false;
            }
            secret = usable;
            status = Status.LOADED;
            LOG.info("Secret file [{}] loaded", path);
            return true;
        }

        /**
         * Reads a regular file, at most {@value #MAX_FILE_SIZE} bytes; a larger one reads as empty,
         * so that it is reported unusable.
         */
        private static byte[] read(Path path) throws IOException {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString());
            }
            if (!Files.isRegularFile(path)) {
                throw new IOException("not a regular file");
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] content = in.readNBytes((int) MAX_FILE_SIZE + 1);
                return content.length > MAX_FILE_SIZE ? new byte[0] : content;
            }
        }

        private static String latin1(byte[] content) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }

        /** Logs a change of status once, never a value. */
        private void report(Status next) {
            if (next == status) {
                return;
            }
            status = next;
            if (next == Status.LOADED) {
                LOG.info("Secret file [{}] holds its secret again", path);
            } else if (secret != null) {
                LOG.warn("Secret file [{}] {}; keeping its last good secret", path, problem(next));
            } else if (next == Status.MISSING) {
                LOG.warn("Secret file [{}] is missing; it counts as not configured until it appears", path);
            } else {
                LOG.error("Secret file [{}] {}", path, problem(next));
            }
        }

        private static String problem(Status status) {
            switch (status) {
                case MISSING:
                    return "is missing";
                case UNREADABLE:
                    return "cannot be read";
                default:
                    return "is ignored: " + Secrets.RULE;
            }
        }
    }
}
