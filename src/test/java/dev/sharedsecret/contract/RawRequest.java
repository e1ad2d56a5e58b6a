package dev.sharedsecret.contract;

import dev.sharedsecret.testlog.SentValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request written byte for byte, so tests can send what ordinary clients refuse to:
 * a header repeated, raw non-ASCII or control bytes in a value, any method. Immutable; every
 * {@code with...} method returns a copy.
 */
final class RawRequest {
    private final String method;
    private final String target;
    private final List<Header> headers;
    private final byte[] body;
    /** {@code null} for a body sent with Content-Length; else the trailer fields after the one chunk. */
    private final List<Header> trailers;

    private RawRequest(String method, String target, List<Header> headers, byte[] body, List<Header> trailers) {
        this.method = method;
        this.target = target;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.trailers = trailers == null ? null : List.copyOf(trailers);
    }

    /** A request without headers (besides the Host and Connection the client adds) and without body. */
    static RawRequest of(String method, String target) {
        return new RawRequest(method, target, List.of(), null, null);
    }

    static RawRequest get(String target) {
        return of("GET", target);
    }

    String method() {
        return method;
    }

    /** Adds one header line {@code name: value}; the value's characters are sent as ISO-8859-1 bytes. */
    RawRequest withHeader(String name, String value) {
        return withHeader(name, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Adds one header line whose value is exactly these bytes, whatever they are. */
    RawRequest withHeader(String name, byte[] value) {
        SentValues.recordHeader(name, new String(value, StandardCharsets.ISO_8859_1));
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value.clone()));
        return new RawRequest(method, target, more, body, trailers);
    }

    /** Sets a body, sent with its Content-Length. */
    RawRequest withBody(String content) {
        return new RawRequest(method, target, headers, content.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Sets a body sent with {@code Transfer-Encoding: chunked}, as one chunk followed by trailer
     * fields, each {@code name} and {@code value} in turn; values are sent as ISO-8859-1 bytes.
     */
    RawRequest withChunkedBody(String content, String... trailerNamesAndValues) {
        List<Header> fields = new ArrayList<>();
        for (int i = 0; i + 1 < trailerNamesAndValues.length; i += 2) {
            fields.add(new Header(trailerNamesAndValues[i],
                    trailerNamesAndValues[i + 1].getBytes(StandardCharsets.ISO_8859_1)));
        }
        return new RawRequest(method, target, headers, content.getBytes(StandardCharsets.UTF_8), fields);
    }

    /** The bytes on the wire, with {@code Host} first and {@code Connection: close} last. */
    byte[] toBytes(String host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, method + " " + target + " HTTP/1.1\r\n");
        writeAscii(out, "Host: " + host + "\r\n");
        writeFields(out, headers);
        if (body != null) {
            writeAscii(out, "Content-Type: text/plain; charset=UTF-8\r\n");
            writeAscii(out, trailers == null ? "Content-Length: " + body.length + "\r\n"
                    : "Transfer-Encoding: chunked\r\n");
        }
        writeAscii(out, "Connection: close\r\n\r\n");
        if (trailers != null) {
            writeAscii(out, Integer.toHexString(body.length) + "\r\n");
            out.writeBytes(body);
            writeAscii(out, "\r\n0\r\n");
            writeFields(out, trailers);
            writeAscii(out, "\r\n");
        } else if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static void writeFields(ByteArrayOutputStream out, List<Header> fields) {
        for (Header field : fields) {
            writeAscii(out, field.name() + ": ");
            out.writeBytes(field.value());
            writeAscii(out, "\r\n");
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private record Header(String name, byte[] value) {}
}
