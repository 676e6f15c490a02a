package io.datasync.sync.connector.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: the server's {@code Retry-After} when it sends one, else an exponential
 * backoff with jitter, both capped at {@code max} so one request never holds a run for longer than the job allows.
 *
 * @param initial the nominal wait before the first retry
 * @param max the longest wait, also for a {@code Retry-After} asking for more
 */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < initial <= max");
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): half to all of {@code initial * 2^(retry-1)},
     * capped at {@code max}. The jitter spreads clients that failed together; the lower half bound keeps the
     * exponential growth.
     */
    Duration delay(int retry, RandomGenerator random) {
        long cap = max.toMillis();
        long nominal = initial.toMillis();
        for (int i = 1; i < retry && nominal < cap; i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, cap);
        long half = nominal / 2;
        return Duration.ofMillis(half + random.nextLong(nominal - half + 1));
    }

    /** The server's wait when it gave a usable {@code Retry-After}, else the backoff, capped at {@link #max}. */
    Duration wait(int retry, String retryAfter, Instant now, RandomGenerator random) {
        return retryAfter(retryAfter, now)
                .map(d -> d.compareTo(max) > 0 ? max : d)
                .orElseGet(() -> delay(retry, random));
    }

    /**
     * A {@code Retry-After} value (RFC 9110 10.2.3): whole seconds or an HTTP date; a date in the past means now.
     * Empty when absent or unreadable, so the caller falls back to its own backoff.
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long: no server means that
            }
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
