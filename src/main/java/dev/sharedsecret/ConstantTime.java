package dev.sharedsecret;

import java.security.MessageDigest;

/**
 * The one place where a received value is compared with the configured secrets.
 *
 * <p>Each comparison is the algorithm of {@link MessageDigest#isEqual(byte[], byte[])}, whose time
 * the JDK documents to depend "only on the length of digesta", here the <em>received</em> value:
 * every byte of it is examined, and a secret of another length is indexed without a branch. So the
 * time of one comparison depends only on what the client sent, which the client already knows; it
 * reveals neither a secret's content nor its length.
 *
 * <p>Why not call {@code isEqual} itself: it returns a {@code boolean}, and turning that into the
 * index of the matching secret needs a select on it, which JDK 17's C2 compiled to a jump in some
 * runs (seen in the disassembly, and by {@code ConstantTimeEvidenceTest}: which secret matched
 * showed at |t| up to 29). Here the difference stays an {@code int} and becomes an all-ones or
 * all-zeros mask by arithmetic, {@code ~((d | -d) >> 31)}: there is no boolean for the compiler to
 * branch on.
 *
 * <p>Every secret is compared on every call and the results are folded together with those masks:
 * there is no early exit, so the total time is the same whether the first secret matched, the
 * last one, or none. {@link Secrets} never holds an empty secret (a usable one has at least
 * {@value Secrets#MIN_LENGTH} characters), so the index arithmetic never divides into nothing.
 */
final class ConstantTime {
    private ConstantTime() {}

    /**
     * Finds which of {@code secrets} equals {@code candidate}, in time that depends only on the
     * length of {@code candidate} and the number of secrets.
     *
     * @return the index of the last secret equal to {@code candidate}, or -1 if none is
     */
    static int indexOfAny(byte[] candidate, byte[][] secrets) {
        int index = -1;
        for (int i = 0; i < secrets.length; i++) {
            int difference = difference(candidate, secrets[i]);
            int equal = ~((difference | -difference) >> 31);
            index = (index & ~equal) | (i & equal);
        }
        return index;
    }

    /**
     * Zero if and only if {@code received} equals {@code secret}; examines every byte of
     * {@code received}, reading {@code secret[0]} where {@code secret} is shorter (as
     * {@code MessageDigest.isEqual} does). {@code secret} must not be empty.
     */
    static int difference(byte[] received, byte[] secret) {
        int secretLength = secret.length;
        int difference = received.length ^ secretLength;
        for (int i = 0; i < received.length; i++) {
            difference |= received[i] ^ secret[((i - secretLength) >>> 31) * i];
        }
        return difference;
    }
}
