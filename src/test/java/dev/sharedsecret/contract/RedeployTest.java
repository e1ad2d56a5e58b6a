package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.ContractAssertions.assertGranted;
import static dev.sharedsecret.contract.ContractAssertions.assertInvalidSecret;
import static dev.sharedsecret.contract.ContractAssertions.assertNoSecretProvided;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sharedsecret.SharedSecretFilter;
import dev.sharedsecret.testlog.CapturedLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardHost;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploying an existing application in place, the way operators do: the library sits in the
 * application's own {@code WEB-INF/lib} (so each start gets a fresh class loader), the filter is
 * declared in {@code src/test/webapp-redeploy} with a secret file, and the context is reloaded
 * {@value #RELOADS} times and then undeployed. After every start the filter answers 200 and both
 * 401s, and exactly one reload thread and one MBean of it exist; the moment a stop returns there
 * are none; no old class loader stays reachable; and no log line warns of a leak.
 *
 * <p>On Tomcat 11 (stock leak-prevention listeners, the {@code --add-opens} of catalina.sh, which
 * surefire sets), Tomcat itself is the judge: its {@code WebappClassLoaderBase} warns at each stop of
 * any thread the application left running, and {@link StandardHost#findReloadedContextMemoryLeaks()}
 * lists applications whose stopped class loader is still reachable. Jetty 12 has neither check, so
 * there the test holds a weak reference to each {@code WebAppClassLoader} and asserts that all are
 * collected.
 */
class RedeployTest {
    static final int RELOADS = 50;
    private static final String CONTEXT_PATH = "/app";
    private static final String FILTER_NAME = "redeploy";
    private static final String RELOAD_THREAD = "shared-secret-reload[" + FILTER_NAME + "]";
    private static final String SECRET = HardeningFixture.FILE_SECRET;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void tomcatReloadsAndUndeploysTheApplicationWithoutLeaks(@TempDir Path dir) throws Exception {
        int firstLine = CapturedLogs.all().size();
        try (TomcatWebXmlDeployment tomcat = TomcatWebXmlDeployment.start(webapp(dir), CONTEXT_PATH)) {
            String serverInfo = tomcat.servletContext().getServerInfo();
            assertTrue(serverInfo.startsWith("Apache Tomcat/11.0."), serverInfo);
            Context context = tomcat.context();
            StandardHost host = (StandardHost) context.getParent();
            for (int start = 0; start <= RELOADS; start++) {
                if (start > 0) {
                    context.reload();
                }
                assertDeployed(tomcat.port(), context.getLoader().getClassLoader());
            }
            host.removeChild(context);
            assertUndeployed();
            awaitEmpty("Tomcat's findReloadedContextMemoryLeaks()", () -> Arrays.asList(host.findReloadedContextMemoryLeaks()));
        }
        assertNoLeakWarnings(firstLine);
    }

    @Test
    void jettyRestartsAndUndeploysTheApplicationWithoutLeaks(@TempDir Path dir) throws Exception {
        int firstLine = CapturedLogs.all().size();
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        WebAppContext webapp = Jetty12Ee10.webapp(webapp(dir), CONTEXT_PATH);
        try (JettyDeployment jetty = JettyDeployment.start(webapp, webapp::getServletContext, "Jetty ee10 WebAppContext")) {
            for (int start = 0; start <= RELOADS; start++) {
                if (start > 0) {
                    webapp.stop();
                    assertUndeployed();
                    webapp.start();
                }
                loaders.add(new WeakReference<>(webapp.getClassLoader()));
                assertDeployed(jetty.port(), webapp.getClassLoader());
            }
            webapp.stop();
            assertUndeployed();
        }
        awaitEmpty("Jetty web application class loaders still reachable", () -> {
            System.gc();
            return loaders.stream().filter(loader -> loader.get() != null).collect(Collectors.toList());
        });
        assertNoLeakWarnings(firstLine);
    }

    /**
     * A temporary copy of {@code src/test/webapp-redeploy} naming a secret file, with the library's
     * classes packed into its {@code WEB-INF/lib} as the library jar.
     */
    private static Path webapp(Path dir) throws IOException, URISyntaxException {
        Path secretFile = dir.resolve("secret");
        HardeningFixture.writeSecret(secretFile, SECRET);
        Path webapp = dir.resolve("webapp");
        HardeningFixture.copyWebapp("webapp-redeploy", secretFile, webapp);
        Path lib = Files.createDirectories(webapp.resolve("WEB-INF/lib"));
        Path classes = Path.of(SharedSecretFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar(classes, lib.resolve("shared-secret-filter.jar"));
        return webapp;
    }

    /** Packs the directory {@code classes} (the library's, {@code target/classes}) into a jar. */
    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    /**
     * The application answers as configured, its filter class comes from its own class loader, and
     * exactly one reload thread and one MBean of the filter exist.
     */
    private static void assertDeployed(int port, ClassLoader webappLoader) throws Exception {
        Class<?> filterClass = webappLoader.loadClass(SharedSecretFilter.class.getName());
        assertSame(webappLoader, filterClass.getClassLoader(), "the filter is loaded from WEB-INF/lib");
        assertNotSame(SharedSecretFilter.class, filterClass);
        assertGranted(send(port, "/protected", SECRET), false);
        assertNoSecretProvided(send(port, "/protected", null), false);
        assertInvalidSecret(send(port, "/protected", "not-" + SECRET), false);
        assertEquals(200, send(port, "/health", null).status());
        assertEquals(List.of(RELOAD_THREAD), reloadThreads());
        Set<ObjectName> beans = beans();
        assertEquals(1, beans.size(), () -> "MBeans: " + beans);
    }

    /** Right after a stop returns: no reload thread alive and no MBean registered. */
    private static void assertUndeployed() throws Exception {
        assertEquals(List.of(), reloadThreads(), "reload threads alive once the stop returned");
        assertEquals(Set.of(), beans());
    }

    private static RawResponse send(int port, String path, String secret) throws IOException {
        RawRequest request = RawRequest.get(CONTEXT_PATH + path);
        return RawHttpClient.send(port, secret == null ? request : request.withHeader(ContractFixture.DEFAULT_HEADER, secret));
    }

    private static List<String> reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(RELOAD_THREAD::equals).collect(Collectors.toList());
    }

    private static Set<ObjectName> beans() throws Exception {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.sharedsecret:type=SharedSecretFilter,name=" + FILTER_NAME + ",*"), null);
    }

    /**
     * No WARN or ERROR line since {@code firstLine} is about this library: Tomcat's leak warnings
     * name the thread ({@code shared-secret-reload[...]}) or the class ({@code dev.sharedsecret...})
     * that leaks, and the filter's own WARN names its thread. Warnings about Tomcat's own threads
     * are not this test's business: a {@code Catalina-utility} thread running the context's
     * background processing while it reloads is reported now and then.
     */
    private static void assertNoLeakWarnings(int firstLine) {
        List<CapturedLogs.Line> lines = CapturedLogs.all();
        assertEquals(List.of(), lines.subList(firstLine, lines.size()).stream()
                .filter(line -> line.level().equals("WARN") || line.level().equals("ERROR"))
                .filter(line -> line.text().contains("shared-secret") || line.text().contains("dev.sharedsecret"))
                .map(CapturedLogs.Line::toString).collect(Collectors.toList()));
    }

    /** Polls {@code check} (each call collects garbage) until it returns an empty list; fails after the deadline. */
    private static void awaitEmpty(String what, ThrowingSupplier<List<?>> check) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<?> found = check.get();
        while (!found.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + " after " + DEADLINE.toSeconds() + " s: " + found);
            }
            Thread.sleep(50);
            found = check.get();
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
