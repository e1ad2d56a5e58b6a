package dev.sharedsecret;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An {@link HttpServletResponse} that records status, headers and body for assertions. */
final class FakeHttpResponse implements HttpServletResponse {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> headerNames = new ArrayList<>();
    private final ServletOutputStream outputStream = new BufferStream();
    private PrintWriter writer;
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding;
    private long contentLength = -1;
    private int bufferSize = 8192;
    private boolean committed;
    private boolean sendErrorCalled;
    private String errorMessage;

    int status() {
        return status;
    }

    String body() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    byte[] bodyBytes() {
        flushWriter();
        return buffer.toByteArray();
    }

    long contentLength() {
        return contentLength;
    }

    boolean sendErrorCalled() {
        return sendErrorCalled;
    }

    String errorMessage() {
        return errorMessage;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public void sendError(int sc, String msg) {
        sendErrorCalled = true;
        status = sc;
        errorMessage = msg;
        committed = true;
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setHeader(String name, String value) {
        removeHeader(name);
        addHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (value == null) {
            return;
        }
        headers.computeIfAbsent(name, n -> {
            headerNames.add(n);
            return new ArrayList<>();
        }).add(value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, formatDate(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, formatDate(date));
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return List.copyOf(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headerNames);
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
        if (type == null) {
            return;
        }
        int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String charset = type.substring(at + "charset=".length());
            int end = charset.indexOf(';');
            characterEncoding = (end >= 0 ? charset.substring(0, end) : charset).trim().replace("\"", "");
        }
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding != null ? characterEncoding : StandardCharsets.UTF_8.name();
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public void setContentLength(int len) {
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLength = len;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return outputStream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(outputStream, Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void setBufferSize(int size) {
        bufferSize = size;
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public void flushBuffer() {
        flushWriter();
        committed = true;
    }

    @Override
    public boolean isCommitted() {
        flushWriter();
        return committed;
    }

    @Override
    public void resetBuffer() {
        flushWriter();
        buffer.reset();
        committed = false;
    }

    @Override
    public void reset() {
        resetBuffer();
        writer = null;
        headers.clear();
        headerNames.clear();
        status = SC_OK;
        contentType = null;
        characterEncoding = null;
        contentLength = -1;
    }

    @Override
    public void addCookie(Cookie cookie) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String encodeURL(String url) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String encodeRedirectURL(String url) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setLocale(Locale loc) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Locale getLocale() {
        throw new UnsupportedOperationException();
    }

    private void removeHeader(String name) {
        if (headers.remove(name) != null) {
            headerNames.removeIf(name::equalsIgnoreCase);
        }
    }

    private void flushWriter() {
        if (writer != null) {
            writer.flush();
        }
    }

    private static String formatDate(long date) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(date).atZone(ZoneOffset.UTC));
    }

    private final class BufferStream extends ServletOutputStream {
        @Override
        public void write(int b) {
            buffer.write(b);
            committed = true;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            if (len > 0) {
                committed = true;
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            throw new UnsupportedOperationException();
        }
    }
}
