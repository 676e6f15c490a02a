package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryCopyTest {

    @Test
    void compactNumericsAreEncodedAsTheirDigitsAre() {
        for (String value : new String[] {
            "0",
            "0.00",
            "-0.0001",
            "0.0001",
            "1",
            "-1",
            "10000",
            "100000000",
            "12.5",
            "-12.50",
            "3700.00",
            "99999999999999999.9",
            "123456789012345678",
            "-999999999999999999",
            "0.000000000000000001",
            "1.00000000000000000",
            "20000.0002",
            "9999.9999"
        }) {
            assertSameBytes(new BigDecimal(value));
        }
        Random random = new Random(42);
        for (int n = 0; n < 100_000; n++) {
            long unscaled = random.nextLong() % (long) Math.pow(10, 1 + random.nextInt(18));
            assertSameBytes(BigDecimal.valueOf(unscaled, random.nextInt(21)));
        }
    }

    @Test
    void valuesBeyondALongOrWithNegativeScaleAreLeftToTheDigits() {
        BinaryCopy.Buffer out = new BinaryCopy.Buffer();
        assertThat(BinaryCopy.numericCompact(out, new BigDecimal("1234567890123456789")))
                .isFalse();
        assertThat(BinaryCopy.numericCompact(out, new BigDecimal(BigInteger.TEN, -3)))
                .isFalse();
        assertThat(out.size()).isZero();
    }

    private static void assertSameBytes(BigDecimal value) {
        BinaryCopy.Buffer compact = new BinaryCopy.Buffer();
        BinaryCopy.Buffer digits = new BinaryCopy.Buffer();
        if (!BinaryCopy.numericCompact(compact, value)) {
            // only values whose padded digits overflow a long are left to the digits
            assertThat(value.precision()).as("%s", value).isGreaterThan(15);
            assertThat(compact.size()).isZero();
            return;
        }
        BinaryCopy.numericByDigits(digits, value);
        assertThat(Arrays.copyOf(compact.array(), compact.size()))
                .as("%s", value)
                .isEqualTo(Arrays.copyOf(digits.array(), digits.size()));
    }
}
