package io.datasync.sync.run;

/**
 * A record of a stream run that did not become a row of the target — the source could not parse it, or a transform
 * refused the row — kept with enough to find and replay it: where it was ({@code locator}), what arrived ({@code raw})
 * and why it was refused. Stored per job in {@code sync_dead_letter} before the micro-batch holding it is written, so
 * the stream's position moves past it (a bad message never blocks its partition) without losing it.
 *
 * @param locator where the record is, unique within its job: the source's locator for a record it rejected (e.g.
 *     {@code orders/3@1207}); for a row a transform refused, its split, the position its micro-batch moved to and its
 *     index in that batch ({@code kafka/orders/3@{"offset":1250}#7})
 * @param raw the record as it arrived (a source's payload, at most 64 KiB) or, for a row a transform refused, the row
 *     as JSON; null when the source kept nothing
 * @param reason why it was refused, e.g. {@code no payload} or {@code cast: cannot cast 'abc' to int}
 */
public record DeadLetter(String locator, byte[] raw, String reason) {

    public DeadLetter {
        if (locator == null || locator.isBlank()) {
            throw new IllegalArgumentException("a dead letter needs a locator");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a dead letter needs a reason");
        }
    }
}
