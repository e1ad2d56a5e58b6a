package dev.sharedsecret.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test client itself: request bytes and response framing, without a server. */
class RawHttpClientTest {

    @Test
    void writesHeadersVerbatimWithHostFirstAndConnectionCloseLast() {
        byte[] value = {'a', (byte) 0xFF, '\t', 'b'};
        RawRequest request = RawRequest.get("/p").withHeader("X-A", "1").withHeader("x-a", value);
        String expected = "GET /p HTTP/1.1\r\nHost: h:1\r\nX-A: 1\r\nx-a: a\u00ff\tb\r\nConnection: close\r\n\r\n";
        assertEquals(expected, new String(request.toBytes("h:1"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void sendsBodyWithContentLength() {
        String wire = new String(RawRequest.of("POST", "/p").withBody("\u00e9").toBytes("h"), StandardCharsets.ISO_8859_1);
        assertTrue(wire.contains("\r\nContent-Length: 2\r\n"), wire);
        assertTrue(wire.endsWith("\r\n\r\n\u00c3\u00a9"), wire);
    }

    @Test
    void sendsChunkedBodyWithTrailerFields() {
        String wire = new String(RawRequest.of("POST", "/p").withChunkedBody("abc", "T-1", "x", "T-2", "y").toBytes("h"),
                StandardCharsets.ISO_8859_1);
        assertTrue(wire.contains("\r\nTransfer-Encoding: chunked\r\n"), wire);
        assertFalse(wire.contains("Content-Length"), wire);
        assertTrue(wire.endsWith("\r\n\r\n3\r\nabc\r\n0\r\nT-1: x\r\nT-2: y\r\n\r\n"), wire);
    }

    @Test
    void readsContentLengthBodyAndRepeatedHeadersCaseInsensitively() throws IOException {
        RawResponse response = read(false, "HTTP/1.1 401 \r\nA: 1\r\nContent-Length: 2\r\na: 2\r\n\r\n{}");
        assertEquals(401, response.status());
        assertEquals(List.of("1", "2"), response.headers("A"));
        assertEquals("{}", response.bodyText());
        assertArrayEquals(new byte[0], response.extra());
    }

    @Test
    void decodesChunkedBody() throws IOException {
        RawResponse response = read(false,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: x\r\n\r\n");
        assertEquals("abc0123456789", response.bodyText());
        assertArrayEquals(new byte[0], response.extra());
    }

    @Test
    void readsBodyUntilEndOfStreamWithoutFraming() throws IOException {
        assertEquals("rest", read(false, "HTTP/1.1 200 OK\r\n\r\nrest").bodyText());
    }

    @Test
    void readsNoBodyForHeadButKeepsWhatFollows() throws IOException {
        RawResponse response = read(true, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody");
        assertEquals("", response.bodyText());
        assertEquals("body", new String(response.extra(), StandardCharsets.US_ASCII));
    }

    @Test
    void failsOnTruncatedBody() {
        assertThrows(EOFException.class, () -> read(false, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"));
    }

    @Test
    void failsOnSomethingOtherThanHttp() {
        assertThrows(IOException.class, () -> read(false, "SSH-2.0-OpenSSH\r\n\r\n"));
    }

    private static RawResponse read(boolean head, String wire) throws IOException {
        return RawHttpClient.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), head);
    }
}
