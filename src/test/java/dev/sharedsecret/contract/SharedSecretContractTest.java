package dev.sharedsecret.contract;

import static dev.sharedsecret.contract.ContractAssertions.ascii;
import static dev.sharedsecret.contract.ContractAssertions.assertConfigurationError;
import static dev.sharedsecret.contract.ContractAssertions.assertGranted;
import static dev.sharedsecret.contract.ContractAssertions.assertInvalidSecret;
import static dev.sharedsecret.contract.ContractAssertions.assertNoSecretProvided;
import static dev.sharedsecret.contract.ContractAssertions.assertNotServed;
import static dev.sharedsecret.contract.ContractAssertions.assertRejectedByContainer;
import static dev.sharedsecret.contract.ContractFixture.CURRENT_SECRET;
import static dev.sharedsecret.contract.ContractFixture.CUSTOM_HEADER;
import static dev.sharedsecret.contract.ContractFixture.DEFAULT_HEADER;
import static dev.sharedsecret.contract.ContractFixture.PREVIOUS_SECRET;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sharedsecret.contract.Container.Registration;
import java.io.IOException;
import java.util.Locale;
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
 * The product contract of {@code SharedSecretFilter}, checked over real HTTP on every row of the
 * container matrix ({@link Containers#deployments()}), with the filters registered in code
 * ({@link ContractFixture#register}) and declared in {@code src/test/webapp/WEB-INF/web.xml}. The
 * server starts once per row and registration.
 *
 * <p>Every rejection is checked completely: status, exact JSON body, {@code Content-Type}
 * application/json UTF-8, {@code Cache-Control: no-store}, {@code WWW-Authenticate: SharedSecret}
 * on 401 (and not on 500), and that the sent value and the configured secrets appear nowhere in
 * the response.
 */
@ParameterizedClass(name = "{0}, {1}", allowZeroInvocations = true)
@MethodSource("dev.sharedsecret.contract.Containers#deployments")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSecretContractTest {
    private static final String WRONG_SECRET = "wrong-secret-ffffffffffffffffffffffffffffffff";
    private static final byte[] NO_BYTES = {};

    /** The row of the matrix, and how the filter is registered on it. */
    @Parameter(0)
    Container container;
    @Parameter(1)
    Registration registration;

    private Deployment deployment;

    @BeforeParameterizedClassInvocation
    void startServer(Container container, Registration registration) throws Exception {
        deployment = registration == Registration.CODE
                ? container.deploy(ContractFixture.CONTEXT_PATH, ContractFixture::register)
                : container.deployWebXml(ContractFixture.webappDirectory(), ContractFixture.CONTEXT_PATH);
    }

    @AfterParameterizedClassInvocation
    void stopServer() {
        if (deployment != null) {
            deployment.close();
        }
    }

    // ---- 4. a request with a configured secret passes ----

    @Test
    void acceptsCurrentSecret() throws IOException {
        assertGranted(send(get("/protected").withHeader(DEFAULT_HEADER, CURRENT_SECRET)), false);
    }

    @Test
    void acceptsPreviousSecretDuringRotation() throws IOException {
        assertGranted(send(get("/protected").withHeader(DEFAULT_HEADER, PREVIOUS_SECRET)), false);
    }

    @ParameterizedTest(name = "header name {0}")
    @ValueSource(strings = {"x-shared-secret", "X-SHARED-SECRET", "x-ShArEd-SeCrEt"})
    void matchesHeaderNameCaseInsensitively(String headerName) throws IOException {
        assertGranted(send(get("/protected").withHeader(headerName, CURRENT_SECRET)), false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/protected/", "/protected/sub/path", "/protected/sub/path?query=1"})
    void acceptsSecretBelowProtectedPath(String path) throws IOException {
        assertGranted(send(get(path).withHeader(DEFAULT_HEADER, CURRENT_SECRET)), false);
    }

    /**
     * RFC 9110 section 5.5: whitespace around a field value is not part of it. Both containers strip
     * it before the filter sees the value, so this is the exact secret, not a near miss.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("surroundingWhitespace")
    void acceptsSecretSurroundedByOptionalWhitespace(String label, String value) throws IOException {
        assertGranted(send(get("/protected").withHeader(DEFAULT_HEADER, value)), false);
    }

    static Stream<Arguments> surroundingWhitespace() {
        return Stream.of(
                arguments("leading spaces", "  " + CURRENT_SECRET),
                arguments("trailing spaces", CURRENT_SECRET + "  "),
                arguments("trailing tab", CURRENT_SECRET + "\t"));
    }

    // ---- 2. no secret provided ----

    @Test
    void rejectsRequestWithoutHeader() throws IOException {
        assertNoSecretProvided(send(get("/protected")), false);
    }

    @Test
    void rejectsEmptyHeaderValue() throws IOException {
        assertNoSecretProvided(send(get("/protected").withHeader(DEFAULT_HEADER, "")), false);
    }

    /** The parser strips the whitespace (see above), so the filter receives an empty value. */
    @Test
    void rejectsWhitespaceOnlyHeaderValueAsMissing() throws IOException {
        assertNoSecretProvided(send(get("/protected").withHeader(DEFAULT_HEADER, " \t ")), false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/protected", "/protected/", "/protected/sub/path"})
    void protectsEveryPathUnderTheMapping(String path) throws IOException {
        assertNoSecretProvided(send(get(path)), false);
    }

    /**
     * Spellings of the protected path that a container may normalise to it: however each container
     * answers (401, 400 or 404), the servlet is never reached without the secret.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/protected;jsessionid=x", "/protected/;x=y", "//protected", "/./protected",
        "/%70rotected", "/protected/%2e%2e/protected", "/unconfigured/../protected", "/custom/..;/protected",
        "/PROTECTED", "/protected%2Fsub"})
    void neverServesPathVariantsWithoutSecret(String path) throws IOException {
        assertNotServed(send(get(path)));
    }

    // ---- 3. invalid secret ----

    @Test
    void rejectsWrongSecret() throws IOException {
        assertInvalidSecret(send(get("/protected").withHeader(DEFAULT_HEADER, WRONG_SECRET)), false,
                ascii(WRONG_SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void rejectsNearMissOfSecret(String label, String value) throws IOException {
        assertInvalidSecret(send(get("/protected").withHeader(DEFAULT_HEADER, value)), false, ascii(value));
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                arguments("extra character", CURRENT_SECRET + "x"),
                arguments("truncated by one", CURRENT_SECRET.substring(0, CURRENT_SECRET.length() - 1)),
                arguments("first half", CURRENT_SECRET.substring(0, CURRENT_SECRET.length() / 2)),
                arguments("upper case", CURRENT_SECRET.toUpperCase(Locale.ROOT)),
                arguments("previous secret with extra character", PREVIOUS_SECRET + "0"),
                arguments("both secrets concatenated", CURRENT_SECRET + PREVIOUS_SECRET),
                arguments("quoted", "\"" + CURRENT_SECRET + "\""),
                arguments("with scheme", "Bearer " + CURRENT_SECRET));
    }

    /** The value is one opaque token: it is never split on commas. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("commaJoined")
    void rejectsCommaJoinedSecrets(String label, String value) throws IOException {
        assertInvalidSecret(send(get("/protected").withHeader(DEFAULT_HEADER, value)), false, ascii(value));
    }

    static Stream<Arguments> commaJoined() {
        return Stream.of(
                arguments("secret,secret", CURRENT_SECRET + "," + CURRENT_SECRET),
                arguments("secret, secret", CURRENT_SECRET + ", " + CURRENT_SECRET),
                arguments("current,previous", CURRENT_SECRET + "," + PREVIOUS_SECRET),
                arguments("wrong,secret", WRONG_SECRET + "," + CURRENT_SECRET),
                arguments("secret,", CURRENT_SECRET + ","),
                arguments(",secret", "," + CURRENT_SECRET));
    }

    /** More than one header field, whatever the values and however the names are spelled. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicatedHeaders")
    void rejectsDuplicatedHeader(String label, RawRequest request, String[] values) throws IOException {
        byte[][] sent = Stream.of(values).map(ContractAssertions::ascii).toArray(byte[][]::new);
        assertInvalidSecret(send(request), false, sent);
    }

    Stream<Arguments> duplicatedHeaders() {
        return Stream.of(
                duplicated("both current", DEFAULT_HEADER, CURRENT_SECRET, DEFAULT_HEADER, CURRENT_SECRET),
                duplicated("current and previous", DEFAULT_HEADER, CURRENT_SECRET, DEFAULT_HEADER, PREVIOUS_SECRET),
                duplicated("current then wrong", DEFAULT_HEADER, CURRENT_SECRET, DEFAULT_HEADER, WRONG_SECRET),
                duplicated("wrong then current", DEFAULT_HEADER, WRONG_SECRET, DEFAULT_HEADER, CURRENT_SECRET),
                duplicated("current then empty", DEFAULT_HEADER, CURRENT_SECRET, DEFAULT_HEADER, ""),
                duplicated("empty then current", DEFAULT_HEADER, "", DEFAULT_HEADER, CURRENT_SECRET),
                duplicated("both empty", DEFAULT_HEADER, "", DEFAULT_HEADER, ""),
                duplicated("names in different case", DEFAULT_HEADER, CURRENT_SECRET,
                        DEFAULT_HEADER.toLowerCase(Locale.ROOT), CURRENT_SECRET),
                arguments("three times", get("/protected").withHeader(DEFAULT_HEADER, CURRENT_SECRET)
                        .withHeader(DEFAULT_HEADER, CURRENT_SECRET).withHeader(DEFAULT_HEADER, CURRENT_SECRET),
                        new String[] {CURRENT_SECRET}));
    }

    private Arguments duplicated(String label, String name1, String value1, String name2, String value2) {
        return arguments(label, get("/protected").withHeader(name1, value1).withHeader(name2, value2),
                new String[] {value1, value2});
    }

    /**
     * Bytes outside visible ASCII (0x21-0x7E) never match, and are answered 401, never 500. Both
     * Jetty and Tomcat pass obs-text (0x80-0xFF), SP and HTAB inside a value through to the filter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("outsideVisibleAscii")
    void rejectsValueWithCharacterOutsideVisibleAscii(String label, byte[] value) throws IOException {
        assertInvalidSecret(send(get("/protected").withHeader(DEFAULT_HEADER, value)), false, value);
    }

    static Stream<Arguments> outsideVisibleAscii() {
        return Stream.of(
                arguments("secret + C3 A9 (UTF-8 e-acute)", withBytes(CURRENT_SECRET, 0xC3, 0xA9)),
                arguments("secret + FF", withBytes(CURRENT_SECRET, 0xFF)),
                arguments("secret + 80", withBytes(CURRENT_SECRET, 0x80)),
                arguments("C3 A9 alone", withBytes("", 0xC3, 0xA9)),
                arguments("FF alone", withBytes("", 0xFF)),
                arguments("80 alone", withBytes("", 0x80)),
                arguments("E9 in the middle", insert(CURRENT_SECRET, 0xE9)),
                arguments("TAB in the middle", insert(CURRENT_SECRET, '\t')),
                arguments("space in the middle", insert(CURRENT_SECRET, ' ')));
    }

    /**
     * Control characters other than HTAB are not allowed in a field value (RFC 9110 section 5.5).
     * Both containers refuse them in their HTTP parser with 400 before any filter runs: Jetty says
     * "Illegal character CNTL=0x..", Tomcat that the header line "does not conform to RFC 9112".
     * Tomcat's default error page would quote that header line, value included; the test Tomcats
     * switch the report off (see {@link EmbeddedTomcat}), as production ones should.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("controlCharacters")
    void containerRejectsControlCharacterBeforeTheFilter(String label, byte[] value) throws IOException {
        assertRejectedByContainer(send(get("/protected").withHeader(DEFAULT_HEADER, value)), value);
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                arguments("NUL in the middle", insert(CURRENT_SECRET, 0x00)),
                arguments("VT in the middle", insert(CURRENT_SECRET, 0x0B)),
                arguments("ESC in the middle", insert(CURRENT_SECRET, 0x1B)),
                arguments("DEL in the middle", insert(CURRENT_SECRET, 0x7F)),
                arguments("DEL appended", withBytes(CURRENT_SECRET, 0x7F)));
    }

    // ---- methods ----

    @Test
    void acceptsHeadWithSecretWithoutBody() throws IOException {
        assertGranted(send(RawRequest.of("HEAD", deployment.path("/protected"))
                .withHeader(DEFAULT_HEADER, CURRENT_SECRET)), true);
    }

    @Test
    void rejectsHeadWithoutSecret() throws IOException {
        assertNoSecretProvided(send(RawRequest.of("HEAD", deployment.path("/protected"))), true);
    }

    @Test
    void rejectsHeadWithWrongSecret() throws IOException {
        assertInvalidSecret(send(RawRequest.of("HEAD", deployment.path("/protected"))
                .withHeader(DEFAULT_HEADER, WRONG_SECRET)), true, ascii(WRONG_SECRET));
    }

    @Test
    void acceptsPostWithBodyAndSecret() throws IOException {
        assertGranted(send(post().withHeader(DEFAULT_HEADER, CURRENT_SECRET)), false);
    }

    @Test
    void rejectsPostWithBodyWithoutSecret() throws IOException {
        assertNoSecretProvided(send(post()), false);
    }

    @Test
    void rejectsPostWithBodyAndWrongSecret() throws IOException {
        assertInvalidSecret(send(post().withHeader(DEFAULT_HEADER, WRONG_SECRET)), false, ascii(WRONG_SECRET));
    }

    @Test
    void acceptsOptionsWithSecret() throws IOException {
        assertGranted(send(RawRequest.of("OPTIONS", deployment.path("/protected"))
                .withHeader(DEFAULT_HEADER, CURRENT_SECRET)), false);
    }

    /** Preflight-style requests are not exempt. */
    @Test
    void rejectsOptionsWithoutSecret() throws IOException {
        assertNoSecretProvided(send(RawRequest.of("OPTIONS", deployment.path("/protected"))), false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
    void rejectsOtherMethodsWithoutSecret(String method) throws IOException {
        assertNoSecretProvided(send(RawRequest.of(method, deployment.path("/protected"))), false);
    }

    // ---- 1. no usable secret configured ----

    @Test
    void failsClosedWhenNoSecretConfigured() throws IOException {
        assertConfigurationError(send(get("/unconfigured/resource")), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anyHeader")
    void failsClosedWhenNoSecretConfiguredWhateverTheRequestCarries(String label, RawRequest request, byte[] sent)
            throws IOException {
        assertConfigurationError(send(request), false, sent);
    }

    Stream<Arguments> anyHeader() {
        String path = "/unconfigured/resource";
        return Stream.of(
                arguments("current secret", get(path).withHeader(DEFAULT_HEADER, CURRENT_SECRET), NO_BYTES),
                arguments("wrong secret", get(path).withHeader(DEFAULT_HEADER, WRONG_SECRET), ascii(WRONG_SECRET)),
                arguments("empty value", get(path).withHeader(DEFAULT_HEADER, ""), NO_BYTES),
                arguments("duplicated", get(path).withHeader(DEFAULT_HEADER, WRONG_SECRET)
                        .withHeader(DEFAULT_HEADER, WRONG_SECRET), ascii(WRONG_SECRET)),
                arguments("non-ASCII", get(path).withHeader(DEFAULT_HEADER, withBytes(WRONG_SECRET, 0xFF)),
                        withBytes(WRONG_SECRET, 0xFF)));
    }

    @Test
    void failsClosedOnHeadWhenNoSecretConfigured() throws IOException {
        assertConfigurationError(send(RawRequest.of("HEAD", deployment.path("/unconfigured/resource"))), true);
    }

    // ---- custom header name ----

    @ParameterizedTest(name = "header name {0}")
    @ValueSource(strings = {CUSTOM_HEADER, "x-origin-token", "X-ORIGIN-TOKEN"})
    void acceptsCustomHeaderName(String headerName) throws IOException {
        assertGranted(send(get("/custom/resource").withHeader(headerName, CURRENT_SECRET)), false);
    }

    @Test
    void ignoresDefaultHeaderWhereCustomHeaderConfigured() throws IOException {
        assertNoSecretProvided(send(get("/custom/resource").withHeader(DEFAULT_HEADER, CURRENT_SECRET)), false);
    }

    /** The custom mapping is configured with the current secret only. */
    @Test
    void rejectsSecretNotConfiguredForCustomMapping() throws IOException {
        assertInvalidSecret(send(get("/custom/resource").withHeader(CUSTOM_HEADER, PREVIOUS_SECRET)), false);
    }

    @Test
    void rejectsWrongSecretInCustomHeader() throws IOException {
        assertInvalidSecret(send(get("/custom/resource").withHeader(CUSTOM_HEADER, WRONG_SECRET)), false,
                ascii(WRONG_SECRET));
    }

    @Test
    void rejectsDuplicatedCustomHeader() throws IOException {
        assertInvalidSecret(send(get("/custom/resource").withHeader(CUSTOM_HEADER, CURRENT_SECRET)
                .withHeader(CUSTOM_HEADER.toUpperCase(Locale.ROOT), CURRENT_SECRET)), false);
    }

    // ---- helpers ----

    private RawResponse send(RawRequest request) throws IOException {
        return RawHttpClient.send(deployment.port(), request);
    }

    private RawRequest get(String pathInContext) {
        return RawRequest.get(deployment.path(pathInContext));
    }

    private RawRequest post() {
        return RawRequest.of("POST", deployment.path("/protected")).withBody("{\"payload\":\"some data\"}");
    }

    private static byte[] withBytes(String prefix, int... bytes) {
        byte[] result = new byte[prefix.length() + bytes.length];
        System.arraycopy(ascii(prefix), 0, result, 0, prefix.length());
        for (int i = 0; i < bytes.length; i++) {
            result[prefix.length() + i] = (byte) bytes[i];
        }
        return result;
    }

    /** The secret with one byte inserted in its middle. */
    private static byte[] insert(String secret, int b) {
        int middle = secret.length() / 2;
        byte[] result = withBytes(secret.substring(0, middle), b);
        byte[] tail = ascii(secret.substring(middle));
        byte[] all = new byte[result.length + tail.length];
        System.arraycopy(result, 0, all, 0, result.length);
        System.arraycopy(tail, 0, all, result.length, tail.length);
        return all;
    }
}
