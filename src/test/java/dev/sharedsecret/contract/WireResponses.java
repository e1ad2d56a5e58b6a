package dev.sharedsecret.contract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Splits what a server sent on one connection into HTTP/1.x responses, for the fuzz targets.
 * Bodies are framed by chunked encoding, {@code Content-Length} or the end of the connection,
 * and absent for 1xx, 204, 304 and responses to {@code HEAD}. Which response answers a
 * {@code HEAD} is known for those tagged with {@value FuzzApp#EXCHANGE_HEADER}; an untagged one
 * (the container answered before any filter) is taken as bodiless if the next status line follows
 * its headers at once. Whatever cannot be framed (an HTTP/0.9 answer, a broken chunk) ends the list.
 */
final class WireResponses {
    private static final byte[] STATUS_LINE_START = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private WireResponses() {}

    /**
     * One response.
     *
     * @param status   the status code
     * @param exchange the value of {@value FuzzApp#EXCHANGE_HEADER}, or -1 if untagged
     * @param body     the body after any chunked decoding; empty if the response has none
     * @param wire     the response as sent, status line to end of body, decoded as ISO-8859-1
     */
    record Response(int status, int exchange, byte[] body, String wire) {}

    /**
     * What a connection carried.
     *
     * @param responses the responses, in order
     * @param unframed  what followed them that could not be framed as a response (usually nothing)
     */
    record Parsed(List<Response> responses, String unframed) {}

    /**
     * The responses in {@code raw}.
     *
     * @param isHead tells, for an exchange id, whether its request was a {@code HEAD}
     */
    static Parsed parse(byte[] raw, IntPredicate isHead) {
        List<Response> responses = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length && startsWith(raw, pos, STATUS_LINE_START)) {
            int headersEnd = indexOf(raw, END_OF_HEADERS, pos);
            if (headersEnd < 0 || pos + 12 > headersEnd) {
                break;
            }
            int status = parseStatus(raw, pos);
            if (status < 0) {
                break;
            }
            String[] lines = new String(raw, pos, headersEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n");
            int exchange = -1;
            long contentLength = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                if (name.equals(FuzzApp.EXCHANGE_HEADER.toLowerCase(Locale.ROOT))) {
                    exchange = (int) number(value, 10);
                } else if (name.equals("content-length") && contentLength < 0) {
                    contentLength = number(value, 10);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                }
            }
            int bodyStart = headersEnd + END_OF_HEADERS.length;
            boolean head = exchange >= 0 ? isHead.test(exchange) : startsWith(raw, bodyStart, STATUS_LINE_START);
            byte[] body;
            int end;
            if (head || status / 100 == 1 || status == 204 || status == 304) {
                body = new byte[0];
                end = bodyStart;
            } else if (chunked) {
                int[] chunksEnd = new int[1];
                body = dechunk(raw, bodyStart, chunksEnd);
                if (body == null) {
                    break;
                }
                end = chunksEnd[0];
            } else {
                end = contentLength < 0 ? raw.length : (int) Math.min(raw.length, bodyStart + contentLength);
                body = Arrays.copyOfRange(raw, bodyStart, end);
            }
            responses.add(new Response(status, exchange, body, new String(raw, pos, end - pos, StandardCharsets.ISO_8859_1)));
            pos = end;
        }
        return new Parsed(responses, new String(raw, pos, raw.length - pos, StandardCharsets.ISO_8859_1));
    }

    /** The three-digit status after {@code HTTP/1.x }, or -1. */
    private static int parseStatus(byte[] raw, int pos) {
        int status = 0;
        for (int i = pos + 9; i < pos + 12; i++) {
            if (raw[i] < '0' || raw[i] > '9') {
                return -1;
            }
            status = status * 10 + raw[i] - '0';
        }
        return raw[pos + 8] == ' ' ? status : -1;
    }

    /** Decodes a chunked body starting at {@code pos}; {@code end[0]} is set past its trailer. */
    private static byte[] dechunk(byte[] raw, int pos, int[] end) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = indexOf(raw, END_OF_HEADERS, pos, 2);
            if (lineEnd < 0) {
                return null;
            }
            String sizeLine = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int extension = sizeLine.indexOf(';');
            long size = number((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = startsWith(raw, pos, new byte[] {'\r', '\n'}) ? pos - 2 : indexOf(raw, END_OF_HEADERS, pos);
                if (trailerEnd < 0) {
                    return null;
                }
                end[0] = trailerEnd + END_OF_HEADERS.length;
                return body.toByteArray();
            }
            if (size < 0 || pos + size + 2 > raw.length) {
                return null;
            }
            body.write(raw, pos, (int) size);
            pos += (int) size + 2;
        }
    }

    /** {@code text} as a non-negative number in {@code radix}, or -1. */
    private static long number(String text, int radix) {
        try {
            long value = Long.parseLong(text, radix);
            return value < 0 || value > Integer.MAX_VALUE ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean startsWith(byte[] raw, int pos, byte[] prefix) {
        if (pos + prefix.length > raw.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code needle} starts in {@code raw} at or after {@code from}, or -1. */
    private static int indexOf(byte[] raw, byte[] needle, int from) {
        return indexOf(raw, needle, from, needle.length);
    }

    /** As {@link #indexOf(byte[], byte[], int)}, for the first {@code length} bytes of {@code needle}. */
    private static int indexOf(byte[] raw, byte[] needle, int from, int length) {
        outer:
        for (int i = from; i + length <= raw.length; i++) {
            for (int j = 0; j < length; j++) {
                if (raw[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
