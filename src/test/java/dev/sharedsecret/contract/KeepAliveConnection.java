package dev.sharedsecret.contract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection to 127.0.0.1 for the load tests: requests are sent one after
 * another on the same socket (keep-alive), each as bytes prepared in advance with
 * {@link #request}, so a header can be sent twice exactly as written. A response that says
 * {@code Connection: close} (Tomcat does after 100 requests on one connection) closes the socket,
 * and the next request opens a new one. Every read times out, so a silent server fails the test
 * instead of hanging it. Not thread-safe: one connection per client thread.
 */
final class KeepAliveConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_BODY = 1024 * 1024;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int opened;
    private final StringBuilder line = new StringBuilder();

    KeepAliveConnection(int port) {
        this.port = port;
    }

    /**
     * The bytes of a {@code GET target} without body, with {@code Host} first and then the given
     * header lines, each {@code name} and {@code value} in turn, in this order, repeated names
     * included. Values are sent as ISO-8859-1 bytes. No {@code Connection} header: HTTP/1.1
     * connections are persistent by default.
     */
    static byte[] request(int port, String target, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        StringBuilder text = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            text.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How many sockets this connection opened so far (1 unless the server closed one). */
    int opened() {
        return opened;
    }

    /** Sends one prepared request and reads its whole response. */
    Response exchange(byte[] request) throws IOException {
        if (socket == null) {
            open();
        }
        boolean ok = false;
        try {
            out.write(request);
            out.flush();
            Response response = read();
            ok = true;
            if (response.closes) {
                close();
            }
            return response;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            in = new BufferedInputStream(s.getInputStream(), 8192);
            out = new BufferedOutputStream(s.getOutputStream(), 2048);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        opened++;
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int contentLength = -1;
        boolean chunked = false;
        boolean closes = false;
        String contentType = null;
        String cacheControl = null;
        String wwwAuthenticate = null;
        int wwwAuthenticateCount = 0;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length":
                    contentLength = Integer.parseInt(value);
                    break;
                case "transfer-encoding":
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                    break;
                case "connection":
                    closes |= value.toLowerCase(Locale.ROOT).contains("close");
                    break;
                case "content-type":
                    contentType = value;
                    break;
                case "cache-control":
                    cacheControl = value;
                    break;
                case "www-authenticate":
                    wwwAuthenticate = value;
                    wwwAuthenticateCount++;
                    break;
                default:
                    break;
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            body = bytes(contentLength);
        } else if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else {
            // framed by the end of the connection
            body = in.readNBytes(MAX_BODY);
            closes = true;
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8), contentType, cacheControl,
                wwwAuthenticateCount == 1 ? wwwAuthenticate : wwwAuthenticateCount == 0 ? null : "(repeated)", closes);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // no trailer fields are expected; skip any
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("response body too large");
            }
            body.writeBytes(bytes(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] bytes(int count) throws IOException {
        if (count > MAX_BODY) {
            throw new IOException("response body too large: " + count);
        }
        byte[] bytes = in.readNBytes(count);
        if (bytes.length != count) {
            throw new EOFException("expected " + count + " body bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** One line without its CRLF, decoded as ISO-8859-1. */
    private String line() throws IOException {
        line.setLength(0);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-line after [" + line + "]");
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            line.append((char) b);
        }
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a socket we are done with: nothing to do about it
            }
        }
    }

    /**
     * What the load tests look at in a response.
     *
     * @param wwwAuthenticate the single {@code WWW-Authenticate} value, {@code null} if absent,
     *     {@code "(repeated)"} if sent more than once
     * @param closes          whether the server closes the connection after it
     */
    record Response(int status, String body, String contentType, String cacheControl, String wwwAuthenticate,
            boolean closes) {

        /** The status and the start of the body, for failure messages (never a sent value: bodies don't echo). */
        String brief() {
            return status + " " + (body.length() > 120 ? body.substring(0, 120) + "..." : body);
        }
    }
}
