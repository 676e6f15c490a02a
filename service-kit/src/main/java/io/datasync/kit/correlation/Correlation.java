package io.datasync.kit.correlation;

import io.datasync.kit.web.CorrelationIdFilter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;

/**
 * The correlation id of the work on the current thread, kept in the logging context under {@link #MDC_KEY}, and how it
 * crosses to other threads and onto Kafka records.
 *
 * <p>Threading: everything here acts on the calling thread's logging context only; a {@link #wrap wrapped} task
 * carries the id of the thread that wrapped it to the thread that runs it.
 */
public final class Correlation {

    /** The logging-context key (the log pattern prints it). */
    public static final String MDC_KEY = CorrelationIdFilter.MDC_KEY;

    /** The HTTP header, and the Kafka record header: one name wherever the id travels. */
    public static final String HEADER = CorrelationIdFilter.HEADER;

    /** What an id may look like: safe in a header, a log line and a URL, whoever sent it. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private Correlation() {}

    /** The correlation id of the work on this thread, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** Whether an id received from outside (a header) may be used as it is. */
    public static boolean valid(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** Restores the logging context a {@link #open} changed; closing it twice does nothing more. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes {@code id} this thread's correlation id until the scope is closed, which restores the one before (or none).
     * A null id clears it for the scope, so work without an id never logs a stale one.
     */
    public static Scope open(String id) {
        String previous = MDC.get(MDC_KEY);
        put(id);
        return () -> put(previous);
    }

    private static void put(String id) {
        if (id == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, id);
        }
    }

    /** The task, run with the correlation id this thread has now, whichever thread runs it. */
    public static Runnable wrap(Runnable task) {
        String id = current();
        return () -> {
            try (Scope ignored = open(id)) {
                task.run();
            }
        };
    }

    /** The task, run with the correlation id this thread has now, whichever thread runs it. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        String id = current();
        return () -> {
            try (Scope ignored = open(id)) {
                return task.call();
            }
        };
    }

    /**
     * The correlation id a Kafka record carries in its {@link #HEADER} header; else, for a record from a producer that
     * sets none (a scheduled fire, a resumed run), its event id ({@code ce_id}), so the work it starts is still
     * correlated; else null.
     */
    public static String of(ConsumerRecord<?, ?> record) {
        String id = header(record, HEADER);
        if (valid(id)) {
            return id;
        }
        String eventId = header(record, "ce_id");
        return valid(eventId) ? eventId : null;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
