package dev.sharedsecret;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(US_ASCII);
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210-other".getBytes(US_ASCII);

    @Test
    void equalValuesMatch() {
        assertTrue(ConstantTime.equalsAny(SECRET.clone(), new byte[][] {SECRET}));
    }

    @Test
    void everySingleBitFlipIsDifferent() {
        for (int i = 0; i < SECRET.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = SECRET.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertFalse(ConstantTime.equalsAny(flipped, new byte[][] {SECRET}), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void lengthMismatchIsDifferent() {
        byte[] prefix = Arrays.copyOf(SECRET, SECRET.length - 1);
        byte[] longer = Arrays.copyOf(SECRET, SECRET.length + 1);
        longer[SECRET.length] = 'x';
        byte[] doubled = new byte[SECRET.length * 2];
        System.arraycopy(SECRET, 0, doubled, 0, SECRET.length);
        System.arraycopy(SECRET, 0, doubled, SECRET.length, SECRET.length);
        assertFalse(ConstantTime.equalsAny(prefix, new byte[][] {SECRET}));
        assertFalse(ConstantTime.equalsAny(longer, new byte[][] {SECRET}));
        assertFalse(ConstantTime.equalsAny(doubled, new byte[][] {SECRET}));
    }

    @Test
    void emptyValueIsDifferent() {
        assertFalse(ConstantTime.equalsAny(new byte[0], new byte[][] {SECRET}));
    }

    @Test
    void noSecretsMatchNothing() {
        assertFalse(ConstantTime.equalsAny(SECRET, new byte[0][]));
    }

    @Test
    void matchesWhicheverSecretItEquals() {
        assertTrue(ConstantTime.equalsAny(SECRET.clone(), new byte[][] {SECRET, OTHER}));
        assertTrue(ConstantTime.equalsAny(OTHER.clone(), new byte[][] {SECRET, OTHER}));
        assertFalse(ConstantTime.equalsAny("not-a-secret-not-a-secret-not-a-s".getBytes(US_ASCII), new byte[][] {SECRET, OTHER}));
    }

    @Test
    void visibleAsciiAcceptsEveryVisibleCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            all.append(c);
        }
        assertArrayEquals(all.toString().getBytes(US_ASCII), Secrets.visibleAscii(all.toString()));
    }

    @Test
    void visibleAsciiRejectsAnyOtherCharacterAnywhere() {
        for (char c : new char[] {0, '\t', '\n', '\r', ' ', 0x7F, 0x80, 0xE9, 0xFF, 0x100, 0x2028, 0xFFFF}) {
            for (int at : new int[] {0, 5, 9}) {
                String value = "abcdefghi".substring(0, at) + c + "abcdefghi".substring(at);
                assertNull(Secrets.visibleAscii(value), "char " + (int) c + " at " + at);
            }
        }
    }
}
