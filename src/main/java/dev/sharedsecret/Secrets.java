package dev.sharedsecret;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable snapshot of the accepted secrets, as visible-ASCII bytes. It never exposes a secret:
 * there is no getter, and {@link #toString()} shows only how many there are.
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

    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretFilter.class);

    private final byte[][] secrets;

    private Secrets(List<byte[]> secrets) {
        this.secrets = secrets.toArray(new byte[0][]);
    }

    /**
     * Loads the secrets named by {@code settings}. Unset or empty variables are skipped; a set but
     * unusable one is logged at ERROR by name and rule, never by value, and skipped. With no usable
     * secret at all, one ERROR line names the variables and the rule.
     */
    static Secrets load(Settings settings) {
        UnaryOperator<String> environment = settings.environment();
        List<byte[]> usable = new ArrayList<>();
        for (String name : settings.secretEnv()) {
            String value = environment.apply(name);
            if (value == null || trim(value).isEmpty()) {
                continue;
            }
            byte[] secret = usableSecret(value);
            if (secret == null) {
                LOG.error("Environment variable [{}] is ignored: {}", name, RULE);
            } else {
                usable.add(secret);
            }
        }
        if (usable.isEmpty()) {
            LOG.error("No usable secret in environment variables {}: {}; until one is set, every request is answered 500",
                    settings.secretEnv(), RULE);
        }
        return new Secrets(usable);
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
     * Tells whether {@code received} equals one of the secrets, comparing with every secret in
     * constant time (see {@link ConstantTime}). A value with any character outside visible ASCII
     * never matches.
     */
    boolean matches(String received) {
        byte[] candidate = visibleAscii(received);
        return candidate != null && ConstantTime.equalsAny(candidate, secrets);
    }

    /** Shows how many secrets there are, never what they are. */
    @Override
    public String toString() {
        return "Secrets[count=" + secrets.length + "]";
    }
}
