package dev.sharedsecret;

import java.security.MessageDigest;

/**
 * The one place where a received value is compared with the configured secrets.
 *
 * <p>The argument for constant time rests on the documented contract of
 * {@link MessageDigest#isEqual(byte[], byte[])} (JDK 17 and later): "The calculation time depends
 * only on the length of digesta. It does not depend on the length of digestb or the contents of
 * digesta and digestb." We always pass the <em>received</em> value as {@code digesta} and a secret
 * as {@code digestb}, so the time of one comparison depends only on the length of what the client
 * sent, which the client already knows: it reveals neither a secret's content nor its length.
 *
 * <p>Every secret is compared on every call, and the results are folded together with integer
 * masks: there is no early exit, so the total time is the same whether the first secret matched,
 * the last one, or none, and it does not reveal which secret matched. (The JIT compiles
 * {@code equal ? -1 : 0} on a boolean to a conditional move or a negation, not a jump.)
 *
 * <p>An empty {@code digestb} would return early; {@link Secrets} never holds one, since a usable
 * secret has at least {@value Secrets#MIN_LENGTH} characters.
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
            int equal = MessageDigest.isEqual(candidate, secrets[i]) ? -1 : 0;
            index = (index & ~equal) | (i & equal);
        }
        return index;
    }
}
