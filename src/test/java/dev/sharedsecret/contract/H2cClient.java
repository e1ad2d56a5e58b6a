package dev.sharedsecret.contract;

import dev.sharedsecret.testlog.SentValues;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;

/**
 * A small cleartext HTTP/2 client (h2c with prior knowledge) on Jetty's low-level
 * {@link HTTP2Client}: one connection per request, the request's header fields sent as given, in
 * one HEADERS frame, repeated names included. The client's own field validation is switched off, so
 * that what reaches the server is decided by the test; {@link #literal} writes a field's HPACK
 * bytes by hand (upper-case names, raw bytes 0x80-0xFF, no Huffman coding), which the encoder never
 * does. Every wait has a deadline.
 *
 * <p>Its API ({@link Header}, {@link Result}, {@link Exchange}) names no Jetty type, so that a suite
 * using it can be loaded on a class path without Jetty 12 (where it runs on no row).
 */
final class H2cClient implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 10;

    private final HTTP2Client client = new HTTP2Client();

    H2cClient() throws Exception {
        client.setIdleTimeout(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS * 2));
        client.start();
    }

    /**
     * One request header field as the test means to send it.
     *
     * @param name    the field name
     * @param value   the value's octets
     * @param literal written by hand ({@link #literal}) rather than by Jetty's HPACK encoder ({@link #header})
     */
    record Header(String name, byte[] value, boolean literal) {
        /** The value as Jetty's {@code HttpField} holds it: one character per octet. */
        String text() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A field sent through Jetty's HPACK encoder: the name lower-cased, the value Huffman-coded
     * (each character 0x80-0xFF as the Huffman symbol of that octet), a second equal field as a
     * reference to the dynamic table.
     */
    static Header header(String name, String value) {
        return new Header(name, value.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /**
     * A header field in HPACK's "literal header field without indexing, new name" representation,
     * with neither name nor value Huffman-coded: {@code name} and {@code value} reach the server's
     * decoder byte for byte (HPACK, RFC 7541 section 6.2.2).
     */
    static Header literal(String name, byte[] value) {
        return new Header(name, value.clone(), true);
    }

    /**
     * How the server ended one exchange: with a response ({@code response} set, the HTTP/2 answer
     * laid out as an HTTP/1.1 one, so that {@link ContractAssertions} apply to it), or by resetting
     * the stream or closing the connection ({@code refusal} names the frame and error code, e.g.
     * {@code RST_STREAM protocol_error}).
     */
    record Result(RawResponse response, String refusal) {
        @Override
        public String toString() {
            return response != null ? response.toString() : "[" + refusal + "]";
        }
    }

    /** Sends a request without a body and waits for its end. */
    Result send(int port, String method, String target, List<Header> headers) throws Exception {
        try (Exchange exchange = open(port, method, target, headers, true)) {
            return exchange.await();
        }
    }

    /** Sends a request with {@code body} in one DATA frame and waits for its end. */
    Result send(int port, String method, String target, List<Header> headers, byte[] body) throws Exception {
        try (Exchange exchange = open(port, method, target, headers, false)) {
            exchange.data(body, true);
            return exchange.await();
        }
    }

    /**
     * Opens a connection and sends the HEADERS frame; with {@code endStream} false the request
     * stays open for {@link Exchange#data}.
     */
    Exchange open(int port, String method, String target, List<Header> headers, boolean endStream) throws Exception {
        Exchange exchange = new Exchange();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        exchange.session = client.connect(address, exchange.listener).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // Let through what the encoder would refuse (such as a value with surrounding spaces).
        ((HTTP2Session) exchange.session).getGenerator().getHpackEncoder().setValidateEncoding(false);
        HttpURI uri = HttpURI.from("http://127.0.0.1:" + port + target);
        MetaData.Request request = new MetaData.Request(method, uri, HttpVersion.HTTP_2, fields(headers));
        exchange.stream = exchange.session.newStream(new HeadersFrame(request, null, endStream), exchange.listener)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return exchange;
    }

    /** Stops the client; a failure is reported unchecked. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("HTTP2Client did not stop cleanly", e);
        }
    }

    /** The fields in order, each value recorded for {@code LogLeakTest}. */
    private static HttpFields fields(List<Header> headers) {
        HttpFields.Mutable fields = HttpFields.build();
        for (Header header : headers) {
            SentValues.recordHeader(header.name(), header.text());
            fields.add(header.literal() ? literalField(header) : new HttpField(header.name(), header.text()));
        }
        return fields;
    }

    /**
     * Jetty's encoder would lower-case the name and Huffman-code the value; it copies a
     * {@link PreEncodedHttpField}'s bytes unchanged, and this one's bytes are the literal's: 0x00
     * (not indexed, new name), then name and value as strings with H = 0.
     */
    private static HttpField literalField(Header header) {
        ByteArrayOutputStream hpack = new ByteArrayOutputStream();
        hpack.write(0x00);
        writeString(hpack, header.name().getBytes(StandardCharsets.ISO_8859_1));
        writeString(hpack, header.value());
        byte[] encoded = hpack.toByteArray();
        return new PreEncodedHttpField(header.name(), header.text()) {
            @Override
            public void putTo(ByteBuffer buffer, HttpVersion version) {
                buffer.put(encoded);
            }

            @Override
            public int getEncodedLength(HttpVersion version) {
                return encoded.length;
            }
        };
    }

    /** An HPACK string literal, H = 0: the length as a 7-bit prefix integer (RFC 7541 5.1), then the bytes. */
    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        int length = bytes.length;
        if (length < 0x7F) {
            out.write(length);
        } else {
            out.write(0x7F);
            for (length -= 0x7F; length >= 0x80; length >>>= 7) {
                out.write((length & 0x7F) | 0x80);
            }
            out.write(length);
        }
        out.writeBytes(bytes);
    }

    /** One request on its own connection; closing it closes the connection. */
    static final class Exchange implements AutoCloseable {
        private final CompletableFuture<Result> result = new CompletableFuture<>();
        private final CompletableFuture<String> reset = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Listener listener = new Listener();
        private volatile MetaData.Response head;
        private Session session;
        private Stream stream;

        private Exchange() {}

        /**
         * Sends one DATA frame without waiting for the write: the server may answer and reset the
         * stream before it goes out (as both containers do when the filter refuses the request), so
         * a failed write is no error; {@link #await} tells how the exchange ended.
         */
        void data(byte[] bytes, boolean last) {
            stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(bytes), last), Callback.NOOP);
        }

        /** Whether the exchange has ended: a complete response, a reset or a closed connection. */
        boolean isDone() {
            return result.isDone();
        }

        Result await() throws Exception {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        /** Waits for the server to reset the stream (which it may do after a complete response). */
        String awaitReset() throws Exception {
            return reset.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            if (session != null) {
                session.close(ErrorCode.NO_ERROR.code, null, Callback.NOOP);
            }
        }

        private void complete() {
            MetaData.Response answer = head;
            if (answer == null) {
                result.complete(new Result(null, "no response headers"));
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            StringBuilder text = new StringBuilder("HTTP/2 ").append(answer.getStatus()).append("\r\n");
            for (HttpField field : answer.getHttpFields()) {
                headers.computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>()).add(field.getValue());
                text.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
            }
            headers.replaceAll((name, values) -> List.copyOf(values));
            byte[] content = body.toByteArray();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.writeBytes(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            raw.writeBytes(content);
            result.complete(new Result(new RawResponse(answer.getStatus(), Collections.unmodifiableMap(headers), content,
                    new byte[0], raw.toByteArray()), null));
        }

        /** What the connection and the stream report, turned into the exchange's result. */
        private final class Listener implements Session.Listener, Stream.Listener {
            @Override
            public void onHeaders(Stream stream, HeadersFrame frame) {
                MetaData metaData = frame.getMetaData();
                if (metaData instanceof MetaData.Response answer) {
                    if (answer.getStatus() / 100 == 1) {
                        stream.demand(); // 100 Continue: the real answer follows
                        return;
                    }
                    head = answer;
                }
                if (frame.isEndStream()) {
                    complete();
                } else {
                    stream.demand();
                }
            }

            @Override
            public void onDataAvailable(Stream stream) {
                while (true) {
                    Stream.Data data = stream.readData();
                    if (data == null) {
                        stream.demand();
                        return;
                    }
                    DataFrame frame = data.frame();
                    ByteBuffer bytes = frame.getByteBuffer();
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    body.writeBytes(copy);
                    data.release();
                    if (frame.isEndStream()) {
                        complete();
                        return;
                    }
                }
            }

            @Override
            public void onReset(Stream stream, ResetFrame frame, Callback callback) {
                String error = "RST_STREAM " + ErrorCode.toString(frame.getError(), "error " + frame.getError());
                result.complete(new Result(null, error));
                reset.complete(error);
                callback.succeeded();
            }

            @Override
            public void onFailure(Stream stream, int error, String reason, Throwable failure, Callback callback) {
                result.complete(new Result(null, "stream failure " + ErrorCode.toString(error, reason)));
                callback.succeeded();
            }

            @Override
            public void onGoAway(Session session, GoAwayFrame frame) {
                result.complete(new Result(null, "GOAWAY " + ErrorCode.toString(frame.getError(), "error " + frame.getError())));
            }

            @Override
            public void onClose(Session session, GoAwayFrame frame, Callback callback) {
                result.complete(new Result(null, "connection closed"));
                callback.succeeded();
            }

            @Override
            public void onFailure(Session session, Throwable failure, Callback callback) {
                result.complete(new Result(null, "connection failure " + failure));
                callback.succeeded();
            }
        }
    }
}
