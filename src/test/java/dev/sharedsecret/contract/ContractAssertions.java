package dev.sharedsecret.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The contract's expectations on a response, phrased once and shared by every test. */
final class ContractAssertions {
    static final String GRANTED = "{\"message\":\"Access granted\"}";
    static final String NO_SECRET = "{\"error\":\"No secret provided\"}";
    static final String INVALID = "{\"error\":\"Invalid secret\"}";
    static final String CONFIGURATION_ERROR = "{\"error\":\"Server configuration error\"}";

    /** Shorter runs of visible ASCII are too likely to occur in any response by chance. */
    private static final int MIN_ECHO_RUN = 8;

    private ContractAssertions() {}

    /** The request reached the servlet: 200 with its exact body (none for HEAD). */
    static void assertGranted(RawResponse response, boolean head) {
        assertEquals(200, response.status(), () -> "expected access granted\n" + response);
        assertBody(head ? "" : GRANTED, response);
        assertNothingLeaks(response);
    }

    /** 401 {@value #NO_SECRET}, with every header a rejection must carry. */
    static void assertNoSecretProvided(RawResponse response, boolean head, byte[]... sent) {
        assertRejected(response, 401, head ? "" : NO_SECRET, sent);
    }

    /** 401 {@value #INVALID}, with every header a rejection must carry. */
    static void assertInvalidSecret(RawResponse response, boolean head, byte[]... sent) {
        assertRejected(response, 401, head ? "" : INVALID, sent);
    }

    /** 500 {@value #CONFIGURATION_ERROR}: the filter fails closed. */
    static void assertConfigurationError(RawResponse response, boolean head, byte[]... sent) {
        assertRejected(response, 500, head ? "" : CONFIGURATION_ERROR, sent);
    }

    /**
     * The container's own HTTP parser refused the request with 400 before any filter ran. The
     * servlet was not reached and nothing the client sent comes back.
     */
    static void assertRejectedByContainer(RawResponse response, byte[]... sent) {
        assertEquals(400, response.status(), () -> "expected the container to reject the request\n" + response);
        assertTrue(response.headers("WWW-Authenticate").isEmpty(), () -> "the filter did not run\n" + response);
        assertNoEcho(response, sent);
        assertNothingLeaks(response);
    }

    /** No 2xx and no servlet body: however the container answers, the resource was not served. */
    static void assertNotServed(RawResponse response) {
        assertNotEquals(200, response.status() / 100 * 100, () -> "served without a secret\n" + response);
        assertTrue(indexOf(response.raw(), GRANTED.getBytes(StandardCharsets.US_ASCII)) < 0,
                () -> "servlet body in response\n" + response);
        assertNothingLeaks(response);
    }

    private static void assertRejected(RawResponse response, int status, String body, byte[]... sent) {
        assertEquals(status, response.status(), () -> "status\n" + response);
        assertJsonUtf8(response);
        assertEquals("no-store", response.header("Cache-Control"), () -> "Cache-Control\n" + response);
        if (status == 401) {
            assertEquals("SharedSecret", response.header("WWW-Authenticate"), () -> "WWW-Authenticate\n" + response);
        } else {
            assertEquals(List.of(), response.headers("WWW-Authenticate"), () -> "WWW-Authenticate on " + status);
        }
        assertBody(body, response);
        assertNoEcho(response, sent);
        assertNothingLeaks(response);
    }

    /**
     * {@code application/json} with charset UTF-8; containers spell it differently (Jetty
     * {@code application/json;charset=utf-8}, Tomcat {@code application/json;charset=UTF-8}).
     */
    private static void assertJsonUtf8(RawResponse response) {
        String contentType = response.header("Content-Type");
        String[] parts = contentType.split(";");
        assertEquals("application/json", parts[0].strip().toLowerCase(Locale.ROOT), () -> "media type\n" + response);
        String charset = Arrays.stream(parts).skip(1).map(String::strip)
                .filter(p -> p.toLowerCase(Locale.ROOT).startsWith("charset="))
                .map(p -> p.substring("charset=".length()).replace("\"", ""))
                .findFirst().orElseGet(() -> fail("no charset in Content-Type: " + contentType));
        assertTrue(charset.equalsIgnoreCase("utf-8"), () -> "charset " + charset + "\n" + response);
    }

    private static void assertBody(String expected, RawResponse response) {
        assertEquals(expected, response.bodyText(), () -> "body\n" + response);
        assertArrayEquals(new byte[0], response.extra(), () -> "bytes after the message\n" + response);
    }

    /** Neither configured secret ever appears in a response. */
    private static void assertNothingLeaks(RawResponse response) {
        assertNoEcho(response, ascii(ContractFixture.CURRENT_SECRET), ascii(ContractFixture.PREVIOUS_SECRET));
    }

    /**
     * No sent header value appears anywhere in the response (status line, headers, body): not as
     * the bytes sent, not re-encoded between ISO-8859-1 and UTF-8 the way a container might decode
     * it, and no run of {@value #MIN_ECHO_RUN} or more visible ASCII characters from it.
     */
    static void assertNoEcho(RawResponse response, byte[]... sent) {
        for (byte[] value : sent) {
            for (byte[] form : echoForms(value)) {
                if (form.length > 0 && indexOf(response.raw(), form) >= 0) {
                    fail("response echoes the sent value [" + new String(form, StandardCharsets.ISO_8859_1)
                            + "]\n" + response);
                }
            }
        }
    }

    private static List<byte[]> echoForms(byte[] value) {
        List<byte[]> forms = new ArrayList<>();
        forms.add(value);
        String latin1 = new String(value, StandardCharsets.ISO_8859_1);
        forms.add(latin1.getBytes(StandardCharsets.UTF_8));
        try {
            String utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(utf8)) {
                forms.add(utf8.getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (CharacterCodingException e) {
            // not UTF-8: no such decoding to look for
        }
        int start = 0;
        for (int i = 0; i <= value.length; i++) {
            boolean visible = i < value.length && value[i] >= 0x21 && value[i] <= 0x7E;
            if (!visible) {
                if (i - start >= MIN_ECHO_RUN && i - start < value.length) {
                    forms.add(Arrays.copyOfRange(value, start, i));
                }
                start = i + 1;
            }
        }
        return forms;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
