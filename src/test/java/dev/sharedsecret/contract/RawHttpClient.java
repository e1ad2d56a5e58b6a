package dev.sharedsecret.contract;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately tiny HTTP/1.1 client over a plain socket to 127.0.0.1. One request per
 * connection ({@code Connection: close}); the response is read until the server closes. Bodies
 * are framed by chunked encoding, Content-Length or end of stream, and absent for HEAD, 1xx, 204
 * and 304. Every socket read times out, so a server that never answers fails the test instead of
 * hanging it.
 */
final class RawHttpClient {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE = 64 * 1024;

    private RawHttpClient() {}

    /** Sends the request to {@code 127.0.0.1:port} and reads the whole response. */
    static RawResponse send(int port, RawRequest request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toBytes("127.0.0.1:" + port));
            out.flush();
            return read(new RecordingInput(socket.getInputStream()), "HEAD".equals(request.method()));
        }
    }

    /** Parses one response from the stream; visible for the client's own test. */
    static RawResponse read(InputStream stream, boolean head) throws IOException {
        RecordingInput in = stream instanceof RecordingInput recording ? recording : new RecordingInput(stream);
        String statusLine = in.line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body = readBody(in, head, status, headers);
        byte[] extra = in.rest();
        headers.replaceAll((name, values) -> List.copyOf(values));
        return new RawResponse(status, Collections.unmodifiableMap(headers), body, extra, in.recorded());
    }

    private static byte[] readBody(RecordingInput in, boolean head, int status, Map<String, List<String>> headers)
            throws IOException {
        if (head || status / 100 == 1 || status == 204 || status == 304) {
            return new byte[0];
        }
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (!encoding.isEmpty() && encoding.get(encoding.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
            return readChunked(in);
        }
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (!length.isEmpty()) {
            return in.bytes(Integer.parseInt(length.get(0)));
        }
        return in.rest();
    }

    private static byte[] readChunked(RecordingInput in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = in.line();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!in.line().isEmpty()) {
                    // trailer fields are not used by these tests
                }
                return body.toByteArray();
            }
            body.writeBytes(in.bytes(size));
            if (!in.line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** An input stream reader that keeps a copy of every byte it consumes. */
    private static final class RecordingInput extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

        RecordingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                recorded.write(b);
            }
            return b;
        }

        /** One line without its CRLF (a bare LF is accepted too), decoded as ISO-8859-1. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = read(); b != '\n'; b = read()) {
                if (b < 0) {
                    throw new EOFException("connection closed mid-line after: " + line);
                }
                if (line.size() > MAX_LINE) {
                    throw new IOException("line too long");
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int count) throws IOException {
            byte[] bytes = in.readNBytes(count);
            recorded.writeBytes(bytes);
            if (bytes.length != count) {
                throw new EOFException("expected " + count + " body bytes, got " + bytes.length);
            }
            return bytes;
        }

        /** Everything until the server closes the connection. */
        byte[] rest() throws IOException {
            byte[] bytes = in.readAllBytes();
            recorded.writeBytes(bytes);
            return bytes;
        }

        byte[] recorded() {
            return recorded.toByteArray();
        }
    }
}
