package dev.sharedsecret;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(US_ASCII);
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210-other".getBytes(US_ASCII);

    @Test
    void equalValuesMatch() {
        assertEquals(0, ConstantTime.indexOfAny(SECRET.clone(), new byte[][] {SECRET}));
    }

    @Test
    void everySingleBitFlipIsDifferent() {
        for (int i = 0; i < SECRET.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = SECRET.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertEquals(-1, ConstantTime.indexOfAny(flipped, new byte[][] {SECRET}), "byte " + i + " bit " + bit);
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
        assertEquals(-1, ConstantTime.indexOfAny(prefix, new byte[][] {SECRET}));
        assertEquals(-1, ConstantTime.indexOfAny(longer, new byte[][] {SECRET}));
        assertEquals(-1, ConstantTime.indexOfAny(doubled, new byte[][] {SECRET}));
    }

    @Test
    void emptyValueIsDifferent() {
        assertEquals(-1, ConstantTime.indexOfAny(new byte[0], new byte[][] {SECRET}));
    }

    @Test
    void noSecretsMatchNothing() {
        assertEquals(-1, ConstantTime.indexOfAny(SECRET, new byte[0][]));
    }

    @Test
    void findsWhicheverSecretItEquals() {
        byte[][] secrets = {SECRET, OTHER, "third-secret-0123456789abcdef01234".getBytes(US_ASCII)};
        assertEquals(0, ConstantTime.indexOfAny(SECRET.clone(), secrets));
        assertEquals(1, ConstantTime.indexOfAny(OTHER.clone(), secrets));
        assertEquals(2, ConstantTime.indexOfAny(secrets[2].clone(), secrets));
        assertEquals(-1, ConstantTime.indexOfAny("not-a-secret-not-a-secret-not-a-s".getBytes(US_ASCII), secrets));
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
