package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.ContractAssertions.ascii;
import static dev.sharedsecret.contract.ContractAssertions.assertInvalidSecret;
import static dev.sharedsecret.contract.ContractAssertions.assertNoSecretProvided;
import static dev.sharedsecret.contract.ContractAssertions.assertRejectedByContainer;
import static dev.sharedsecret.contract.H2cClient.header;
import static dev.sharedsecret.contract.H2cClient.literal;
import static dev.sharedsecret.contract.HardeningFixture.ENV_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.FILE_SECRET;
import static dev.sharedsecret.contract.HardeningFixture.HEALTH_BODY;
import static dev.sharedsecret.contract.HardeningFixture.PUBLIC_BODY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sharedsecret.contract.H2cClient.Header;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter's core contract over cleartext HTTP/2 with prior knowledge (h2c), against the gate of
 * {@link HardeningFixture} registered in code, on a connector that speaks HTTP/1.1 and h2c. It runs
 * on every row of the container matrix that has an h2c deployer ({@link Containers#h2c()}); on a
 * class path with none (Servlet 5.0, without Jetty 12's HTTP/2 client) it runs nothing. Requests go
 * through {@link H2cClient}, one connection each; fields are lower case unless a test writes them
 * with {@link H2cClient#literal}.
 *
 * <p>Where HTTP/2 differs from HTTP/1.1: field names are lower case on the wire, so a test can only
 * send a mixed-case name by hand, and the containers refuse it; a value's surrounding whitespace is
 * not stripped but forbidden (RFC 9113 section 8.2.1), so a secret with a leading space, which
 * HTTP/1.1 accepts, is refused by the container. Each container refuses such a header block its own
 * way ({@link Container#h2cRefusal()}), before any filter runs.
 */
@ParameterizedClass(name = "{0}", allowZeroInvocations = true)
@MethodSource("dev.sharedsecret.contract.Containers#h2c")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2cContractTest {
    private static final String HEADER = "x-shared-secret";
    private static final String WRONG_SECRET = "wrong-secret-ffffffffffffffffffffffffffffffff";

    private Path secretDir;
    private Path secretFile;
    private Deployment deployment;
    private H2cClient client;

    /** The row of the matrix. */
    @Parameter
    Container container;

    /** Starts the gate with h2c enabled, secret A in its file, and the client. */
    @BeforeParameterizedClassInvocation
    void start(Container container) throws Exception {
        secretDir = Files.createTempDirectory("ssf-h2c-");
        secretFile = secretDir.resolve("gate-secret");
        HardeningFixture.writeSecret(secretFile, FILE_SECRET);
        deployment = container.deployH2c(HardeningFixture.CONTEXT_PATH,
                HardeningFixture.gate(HardeningFixture.gateFilter(secretFile)));
        client = new H2cClient();
    }

    @AfterParameterizedClassInvocation
    void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            try {
                if (deployment != null) {
                    deployment.close();
                }
            } finally {
                if (secretDir != null) {
                    TempFiles.deleteRecursively(secretDir);
                }
            }
        }
    }

    // ---- accepted ----

    @Test
    void acceptsSecret() throws Exception {
        ProbeReport probe = granted(get("/protected", header(HEADER, FILE_SECRET)));
        assertEquals("file:" + secretFile, probe.get("source"));
        assertEquals(false, probe.get("getHeader:X-Shared-Secret"), "the header is hidden from the application");
    }

    /** Jetty's HPACK encoder lower-cases every name it encodes: these arrive as {@code x-shared-secret}. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X-Shared-Secret", "X-SHARED-SECRET"})
    void acceptsNameTheClientLowerCases(String name) throws Exception {
        granted(get("/protected", header(name, ENV_SECRET)));
    }

    @Test
    void acceptsSecretSentAsUncompressedLiteral() throws Exception {
        granted(get("/protected", literal(HEADER, ascii(FILE_SECRET))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/public/x"})
    void servesExcludedPathWithoutSecret(String path) throws Exception {
        H2cClient.Result result = get(path);
        assertNotNull(result.response(), result::toString);
        assertEquals(200, result.response().status(), result::toString);
        assertEquals(path.equals("/health") ? HEALTH_BODY : PUBLIC_BODY, result.response().bodyText());
    }

    // ---- rejected by the filter ----

    @Test
    void rejectsMissingHeader() throws Exception {
        assertNoSecretProvided(response(get("/protected")), false);
    }

    @Test
    void rejectsEmptyValue() throws Exception {
        assertNoSecretProvided(response(get("/protected", header(HEADER, ""))), false);
        assertNoSecretProvided(response(get("/protected", literal(HEADER, new byte[0]))), false);
    }

    @Test
    void rejectsWrongSecret() throws Exception {
        assertInvalidSecret(response(get("/protected", header(HEADER, WRONG_SECRET))), false, ascii(WRONG_SECRET));
    }

    /**
     * Two fields of the same name in one HEADERS block. The encoder indexes the first field, so a
     * second equal one travels as a reference to the dynamic table; the literal pair does not.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicatedFields")
    void rejectsDuplicatedField(String label, List<Header> headers) throws Exception {
        assertInvalidSecret(response(get("/protected", headers.toArray(Header[]::new))), false, ascii(WRONG_SECRET));
    }

    static Stream<Arguments> duplicatedFields() {
        return Stream.of(
                arguments("both right", List.of(header(HEADER, FILE_SECRET), header(HEADER, FILE_SECRET))),
                arguments("right then wrong", List.of(header(HEADER, FILE_SECRET), header(HEADER, WRONG_SECRET))),
                arguments("wrong then right", List.of(header(HEADER, WRONG_SECRET), header(HEADER, FILE_SECRET))),
                arguments("both secrets", List.of(header(HEADER, FILE_SECRET), header(HEADER, ENV_SECRET))),
                arguments("right then empty", List.of(header(HEADER, FILE_SECRET), header(HEADER, ""))),
                arguments("both right, literal",
                        List.of(literal(HEADER, ascii(FILE_SECRET)), literal(HEADER, ascii(FILE_SECRET)))));
    }

    /**
     * Bytes 0x80-0xFF pass the containers' HPACK decoders (as obs-text) and reach the filter, which
     * answers 401, never 500. Sent Huffman-coded by the encoder (a Latin-1 character becomes the
     * Huffman symbol of that octet) and as an uncompressed literal, byte for byte.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("outsideVisibleAscii")
    void rejectsValueOutsideVisibleAscii(String label, String coding, byte[] value) throws Exception {
        Header field = coding.equals("literal") ? literal(HEADER, value)
                : header(HEADER, new String(value, StandardCharsets.ISO_8859_1));
        assertInvalidSecret(response(get("/protected", field)), false, value);
    }

    static Stream<Arguments> outsideVisibleAscii() {
        return Stream.of(
                arguments("secret + FF", bytes(FILE_SECRET, 0xFF)),
                arguments("secret + 80", bytes(FILE_SECRET, 0x80)),
                arguments("secret + C3 A9 (UTF-8 e-acute)", bytes(FILE_SECRET, 0xC3, 0xA9)),
                arguments("FF alone", bytes("", 0xFF)),
                arguments("E9 in the middle", insert(FILE_SECRET, 0xE9)),
                arguments("space in the middle", insert(FILE_SECRET, ' ')),
                arguments("TAB in the middle", insert(FILE_SECRET, '\t')))
                .flatMap(a -> Stream.of("huffman", "literal").map(coding -> arguments(a.get()[0], coding, a.get()[1])));
    }

    // ---- refused by the container: HTTP/2 forbids these header blocks ----

    /** RFC 9113 section 8.2.1: a field name with upper-case letters makes the request malformed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upperCaseNames")
    void containerRefusesUpperCaseName(String name, String value) throws Exception {
        assertRefusedByContainer(get("/protected", literal(name, ascii(value))), ascii(value));
    }

    static Stream<Arguments> upperCaseNames() {
        return Stream.of(arguments("X-Shared-Secret", FILE_SECRET), arguments("X-SHARED-SECRET", WRONG_SECRET));
    }

    /**
     * RFC 9113 section 8.2.1: a value must not start or end with whitespace nor hold NUL, CR or LF;
     * RFC 9110 also rules out other controls. Over HTTP/1.1 surrounding whitespace is stripped and
     * the secret accepted; over HTTP/2 the containers refuse the request.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenValues")
    void containerRefusesForbiddenValue(String label, byte[] value) throws Exception {
        assertRefusedByContainer(get("/protected", literal(HEADER, value)), value);
    }

    static Stream<Arguments> forbiddenValues() {
        return Stream.of(
                arguments("leading space", bytes(" " + FILE_SECRET)),
                arguments("trailing space", bytes(FILE_SECRET + " ")),
                arguments("trailing TAB", bytes(FILE_SECRET + "\t")),
                arguments("NUL in the middle", insert(FILE_SECRET, 0x00)),
                arguments("DEL appended", bytes(FILE_SECRET, 0x7F)));
    }

    // ---- a request body is never read ----

    /**
     * The proof that a refused request's body is not read: the client sends HEADERS announcing a
     * 1 MB body and no DATA at all, and the complete 401 (END_STREAM) arrives anyway. Nothing could
     * have read a body that was never sent; a filter or servlet that waited for it would block until
     * the deadline. The server then resets the stream (Jetty CANCEL, Tomcat NO_ERROR), telling the
     * client not to send the body.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no secret", "wrong secret"})
    void rejectsPostBeforeItsBodyIsSent(String label) throws Exception {
        boolean wrong = label.equals("wrong secret");
        List<Header> headers = wrong
                ? List.of(header("content-type", "application/json"), header("content-length", "1000000"),
                        header(HEADER, WRONG_SECRET))
                : List.of(header("content-type", "application/json"), header("content-length", "1000000"));
        try (H2cClient.Exchange exchange = client.open(deployment.port(), "POST", deployment.path("/protected"),
                headers, false)) {
            RawResponse response = response(exchange.await());
            if (wrong) {
                assertInvalidSecret(response, false, ascii(WRONG_SECRET));
            } else {
                assertNoSecretProvided(response, false);
            }
            // Then the stream is reset, not failed: a stop-sending signal, no protocol error.
            String reset = exchange.awaitReset();
            assertTrue(Set.of("RST_STREAM cancel_stream_error", "RST_STREAM no_error").contains(reset), reset);
        }
    }

    /** The control: admitted, the same request reaches the probe, which answers only once it has read the body. */
    @Test
    void admittedPostIsAnsweredOnlyAfterItsBody() throws Exception {
        byte[] body = "{\"payload\":\"some data\"}".getBytes(StandardCharsets.UTF_8);
        List<Header> headers = List.of(header("content-type", "application/json"), header(HEADER, FILE_SECRET));
        try (H2cClient.Exchange exchange = client.open(deployment.port(), "POST", deployment.path("/protected"),
                headers, false)) {
            assertFalse(exchange.isDone(), "answered before the body was sent");
            exchange.data(body, true);
            ProbeReport probe = ProbeReport.parse(response(exchange.await()).bodyText());
            assertEquals("POST", probe.get("method"));
            assertEquals((long) body.length, probe.get("bodyLength"));
        }
    }

    @Test
    void rejectsPostWithBodyAndWrongSecret() throws Exception {
        H2cClient.Result result = client.send(deployment.port(), "POST", deployment.path("/protected"),
                List.of(header("content-type", "application/json"), header(HEADER, WRONG_SECRET)),
                "{\"payload\":\"some data\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalidSecret(response(result), false, ascii(WRONG_SECRET));
    }

    // ---- helpers ----

    /**
     * The container refused the header block before any filter ran, the way its row says: a 400
     * that quotes nothing sent (Jetty, with {@link JettyDeployment.QuietErrorHandler}), or the stream
     * reset with PROTOCOL_ERROR and no response at all (Tomcat).
     */
    private void assertRefusedByContainer(H2cClient.Result result, byte[] sent) {
        switch (container.h2cRefusal()) {
            case BAD_REQUEST -> {
                assertNotNull(result.response(), () -> "expected a 400 response, got " + result);
                assertRejectedByContainer(result.response(), sent);
            }
            case RESET_STREAM -> {
                assertNull(result.response(), () -> "expected the stream reset, got\n" + result);
                assertEquals("RST_STREAM protocol_error", result.refusal());
            }
        }
    }

    private static ProbeReport granted(H2cClient.Result result) {
        RawResponse response = response(result);
        assertEquals(200, response.status(), response::toString);
        return ProbeReport.parse(response.bodyText());
    }

    private static RawResponse response(H2cClient.Result result) {
        assertNotNull(result.response(), () -> "no response: " + result);
        return result.response();
    }

    private H2cClient.Result get(String path, Header... headers) throws Exception {
        return client.send(deployment.port(), "GET", deployment.path(path), List.of(headers));
    }

    private static byte[] bytes(String prefix, int... extra) {
        byte[] result = Arrays.copyOf(prefix.getBytes(StandardCharsets.ISO_8859_1), prefix.length() + extra.length);
        for (int i = 0; i < extra.length; i++) {
            result[prefix.length() + i] = (byte) extra[i];
        }
        return result;
    }

    /** The secret with one byte inserted in its middle. */
    private static byte[] insert(String secret, int b) {
        int middle = secret.length() / 2;
        return bytes(secret.substring(0, middle) + (char) b + secret.substring(middle));
    }
}
