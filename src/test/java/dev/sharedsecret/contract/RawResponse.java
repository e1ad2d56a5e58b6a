package dev.sharedsecret.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed HTTP/1.1 response, plus every byte the server sent on the connection, so a test can
 * check that something never appears anywhere in it.
 *
 * @param status  the status code
 * @param headers header values by lower-cased name, in arrival order, decoded as ISO-8859-1
 * @param body    the message body after any chunked decoding; empty for HEAD
 * @param extra   bytes the server sent after the end of the message (should be none)
 * @param raw     everything read from the socket until the server closed it
 */
record RawResponse(int status, Map<String, List<String>> headers, byte[] body, byte[] extra, byte[] raw) {

    /** All values of a header, matched case-insensitively; empty when absent. */
    List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The single value of a header; fails when it is absent or repeated. */
    String header(String name) {
        List<String> values = headers(name);
        if (values.size() != 1) {
            throw new AssertionError("expected exactly one " + name + " header but got " + values
                    + "\n" + this);
        }
        return values.get(0);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The raw exchange, readable in assertion messages. */
    @Override
    public String toString() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
