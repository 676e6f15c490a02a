package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenSetTest {

    @Test
    void behavesLikeASetUnderAddsAndRemovesOfAnyKeys() {
        SeenSet seen = new SeenSet();
        Set<Object> expected = new HashSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            Object key = switch (random.nextInt(4)) {
                case 0 -> (long) random.nextInt(5_000);
                case 1 -> random.nextLong() % 3 == 0 ? Long.MIN_VALUE : (long) random.nextInt(50) * 4096;
                case 2 -> "k" + random.nextInt(1_000);
                default -> (long) -random.nextInt(100);
            };
            if (random.nextInt(3) == 0) {
                seen.remove(key);
                expected.remove(key);
            } else {
                assertThat(seen.add(key)).as("add %s", key).isEqualTo(expected.add(key));
            }
        }
        for (Object key : expected) {
            assertThat(seen.add(key)).as("still holds %s", key).isFalse();
        }
    }
}
