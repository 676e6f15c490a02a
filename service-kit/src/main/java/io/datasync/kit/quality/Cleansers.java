package io.datasync.kit.quality;

import io.datasync.kit.quality.CleansingStep.NormalizeOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;

/** The cleansing steps that change values or remove rows, bound to column positions. */
final class Cleansers {

    private Cleansers() {}

    /** {@code nulls} with {@code default}: the value, already of the column's class, in place of null. */
    static Chunk.Step defaultFor(int column, Object value) {
        return chunk -> {
            for (int i = 0; i < chunk.size; i++) {
                if (chunk.live(i) && chunk.rows[i][column] == null) {
                    chunk.set(i, column, value);
                }
            }
        };
    }

    /** {@code nulls} with {@code drop-row}. */
    static Chunk.Step dropRowIfNull(int column) {
        return chunk -> {
            for (int i = 0; i < chunk.size; i++) {
                if (chunk.live(i) && chunk.rows[i][column] == null) {
                    chunk.drop(i);
                }
            }
        };
    }

    /** {@code normalize}: rewrites text values, copying a row only when its value changes. */
    static Chunk.Step normalize(int column, NormalizeOp op) {
        UnaryOperator<String> rewrite = switch (op) {
            case TRIM -> String::strip;
            case LOWER -> text -> text.toLowerCase(Locale.ROOT);
            case UPPER -> text -> text.toUpperCase(Locale.ROOT);
            case LOWER_TRIM -> text -> text.strip().toLowerCase(Locale.ROOT);
            case UPPER_TRIM -> text -> text.strip().toUpperCase(Locale.ROOT);
            case COLLAPSE_SPACES -> Cleansers::collapseSpaces;
            case DIGITS_ONLY -> Cleansers::digitsOnly;
        };
        return rewriting(column, chunk -> rewrite);
    }

    /** {@code mask}; hash and token take a MAC per chunk, since a MAC is not thread-safe. */
    static Chunk.Step mask(int column, CleansingStep.Mask mask, Masking masking) {
        return switch (mask.method()) {
            case PARTIAL -> rewriting(column, chunk -> text -> Masking.partial(text, mask.keep()));
            case HASH ->
                rewriting(column, chunk -> {
                    Mac mac = masking.mac();
                    return text -> Masking.hash(mac, text);
                });
            case TOKEN ->
                rewriting(column, chunk -> {
                    Mac mac = masking.mac();
                    return text -> Masking.token(mac, text);
                });
        };
    }

    /** A step rewriting the text values of a column with a rewrite made once per chunk. */
    private static Chunk.Step rewriting(int column, Function<Chunk, UnaryOperator<String>> perChunk) {
        return chunk -> {
            UnaryOperator<String> rewrite = perChunk.apply(chunk);
            for (int i = 0; i < chunk.size; i++) {
                if (chunk.live(i) && chunk.rows[i][column] instanceof String text) {
                    String rewritten = rewrite.apply(text);
                    if (!rewritten.equals(text)) {
                        chunk.set(i, column, rewritten);
                    }
                }
            }
        };
    }

    static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    static String digitsOnly(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The key of a row for deduplication: the key columns' values as {@link Values#key}s, or null when one of them is
     * null (such a row is never a duplicate: the target would not match it either).
     */
    static Object key(Object[] row, int[] columns) {
        if (columns.length == 1) {
            Object value = row[columns[0]];
            return value == null ? null : Values.key(value);
        }
        Object[] parts = new Object[columns.length];
        for (int k = 0; k < columns.length; k++) {
            Object value = row[columns[k]];
            if (value == null) {
                return null;
            }
            parts[k] = Values.key(value);
        }
        return Arrays.asList(parts);
    }

    /** {@code dedupe} keeping the first: the keys seen in the session. */
    static final class KeepFirst implements Chunk.Step {

        private final int[] keys;
        private final SeenSet seen = new SeenSet("a dedupe rule keeping the first");

        KeepFirst(int[] keys) {
            this.keys = keys;
        }

        @Override
        public void apply(Chunk chunk) {
            List<Object> added = new ArrayList<>();
            for (int i = 0; i < chunk.size; i++) {
                Object key = chunk.live(i) ? key(chunk.rows[i], keys) : null;
                if (key == null) {
                    continue;
                }
                if (seen.add(key)) {
                    added.add(key);
                } else {
                    chunk.deduplicate(i);
                }
            }
            chunk.onFailure(() -> added.forEach(seen::remove));
        }
    }

    /** {@code dedupe} keeping the last within a chunk; across chunks the target's upsert keeps the last. */
    static Chunk.Step keepLast(int[] keys) {
        return chunk -> {
            Set<Object> later = new HashSet<>();
            for (int i = chunk.size - 1; i >= 0; i--) {
                Object key = chunk.live(i) ? key(chunk.rows[i], keys) : null;
                if (key != null && !later.add(key)) {
                    chunk.deduplicate(i);
                }
            }
        };
    }

    /**
     * {@code dedupe} keeping the newest by a column: within a chunk the row with the greatest {@code by} (the later on
     * a tie, as an upsert would keep it), across chunks a row older than the newest already let through for its key is
     * left out. The newest {@code by} of each key is kept in the session.
     */
    static final class KeepNewest implements Chunk.Step {

        private final int[] keys;
        private final int by;
        private final Map<Object, Object> newest = new ConcurrentHashMap<>();

        KeepNewest(int[] keys, int by) {
            this.keys = keys;
            this.by = by;
        }

        @Override
        public void apply(Chunk chunk) {
            Map<Object, Integer> best = new HashMap<>();
            for (int i = 0; i < chunk.size; i++) {
                Object key = chunk.live(i) ? key(chunk.rows[i], keys) : null;
                if (key == null) {
                    continue;
                }
                Integer other = best.get(key);
                if (other == null) {
                    best.put(key, i);
                } else if (older(chunk.rows[i][by], chunk.rows[other][by])) {
                    chunk.deduplicate(i);
                } else {
                    chunk.deduplicate(other);
                    best.put(key, i);
                }
            }
            List<Object[]> changed = new ArrayList<>();
            best.forEach((key, row) -> {
                Object value = chunk.rows[row][by];
                boolean[] keep = {true};
                newest.compute(key, (k, previous) -> {
                    if (previous != null && (value == null || Values.compare(value, previous) < 0)) {
                        keep[0] = false;
                        return previous;
                    }
                    if (value == null) {
                        return null;
                    }
                    changed.add(new Object[] {key, previous, value});
                    return value;
                });
                if (!keep[0]) {
                    chunk.deduplicate(row);
                }
            });
            chunk.onFailure(() -> {
                for (Object[] change : changed) {
                    if (change[1] == null) {
                        newest.remove(change[0], change[2]);
                    } else {
                        newest.replace(change[0], change[2], change[1]);
                    }
                }
            });
            if (newest.size() > SeenSet.MAX_KEYS) {
                throw new QualityLimitException("a dedupe rule keeping the newest has kept " + SeenSet.MAX_KEYS
                        + " distinct keys in this run, the most a run keeps in memory: dedupe a table this large in the"
                        + " target (an upsert by key keeps the last), or split the job");
            }
        }

        /** Whether {@code a} is older than {@code b}: null is older than any value. */
        private static boolean older(Object a, Object b) {
            if (a == null) {
                return b != null;
            }
            return b != null && Values.compare(a, b) < 0;
        }
    }
}
