package dev.sharedsecret;

import java.util.List;

/**
 * An immutable snapshot of the accepted secrets, as visible-ASCII bytes, each with the name of its
 * source ({@code env:SHARED_SECRET}, {@code file:/run/secrets/origin}). It never exposes a secret:
 * there is no getter, and {@link #toString()} shows only the sources.
 *
 * <p>A configured value is trimmed of surrounding whitespace (the trailing newline {@code echo}
 * leaves in a Kubernetes secret, for one), since an HTTP header can never carry it. It is then usable
 * only if it has at least {@value #MIN_LENGTH} characters, all visible ASCII (0x21 to 0x7E).
 */
final class Secrets {
    /** The shortest usable secret, in characters: 32 characters of visible ASCII. */
    static final int MIN_LENGTH = 32;

    static final String RULE = "a usable secret is at least " + MIN_LENGTH
            + " characters of visible ASCII (0x21-0x7E) after surrounding whitespace is trimmed;"
            + " generate one with [openssl rand -hex 32]";

    static final Secrets NONE = new Secrets(List.of(), List.of());

    private final byte[][] secrets;
    private final String[] sources;

    /** Takes ownership of the arrays in {@code secrets}; callers pass fresh copies. */
    Secrets(List<byte[]> secrets, List<String> sources) {
        this.secrets = secrets.toArray(new byte[0][]);
        this.sources = sources.toArray(new String[0]);
    }

    /** The bytes of a usable secret, or {@code null} if {@code value} breaks the rule. */
    static byte[] usableSecret(String value) {
        byte[] secret = visibleAscii(trim(value));
        return secret == null || secret.length < MIN_LENGTH ? null : secret;
    }

    /**
     * Strips spaces, tabs, CR, LF, form feeds and vertical tabs from both ends. Unlike
     * {@link String#strip()} it leaves non-ASCII whitespace in place, so that the visible-ASCII rule
     * rejects it rather than silently changing the secret.
     */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isAsciiWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B';
    }

    /**
     * Encodes {@code value} as bytes if every character is visible ASCII (0x21 to 0x7E), else
     * returns {@code null}. Every character is examined (no early exit): the time depends only on
     * the length of the value, never on where an offending character stands.
     */
    static byte[] visibleAscii(String value) {
        int length = value.length();
        byte[] bytes = new byte[length];
        int outside = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            outside |= (c - 0x21) | (0x7E - c);
            bytes[i] = (byte) c;
        }
        return outside < 0 ? null : bytes;
    }

    /** Tells whether no secret is usable; then every request must be answered 500. */
    boolean isEmpty() {
        return secrets.length == 0;
    }

    int size() {
        return secrets.length;
    }

    /**
     * Finds the secret {@code received} equals, comparing with every secret in constant time (see
     * {@link ConstantTime}). A value with any character outside visible ASCII never matches.
     *
     * @return the index of the matching secret, or -1
     */
    int indexOf(String received) {
        byte[] candidate = visibleAscii(received);
        return candidate == null ? -1 : ConstantTime.indexOfAny(candidate, secrets);
    }

    /** Where the secret at {@code index} came from, such as {@code env:SHARED_SECRET}. */
    String source(int index) {
        return sources[index];
    }

    /** Shows where the secrets came from, never what they are. */
    @Override
    public String toString() {
        return "Secrets" + List.of(sources);
    }
}
