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

    @Test
    void aRunKeepsAtMostItsBoundOfKeysAndSaysWhichRuleReachedIt() {
        SeenSet seen = new SeenSet("a unique: run check", 3);
        org.assertj.core.api.Assertions.assertThat(seen.add(1L)).isTrue();
        org.assertj.core.api.Assertions.assertThat(seen.add("b")).isTrue();
        org.assertj.core.api.Assertions.assertThat(seen.add(1L))
                .as("already there: no room needed")
                .isFalse();
        org.assertj.core.api.Assertions.assertThat(seen.add(3L)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seen.add(4L))
                .isInstanceOf(QualityLimitException.class)
                .hasMessageContaining("a unique: run check has kept 3 distinct keys");
        seen.remove(3L);
        org.assertj.core.api.Assertions.assertThat(seen.add(4L))
                .as("room again once a key was given back")
                .isTrue();
    }
}
