package io.datasync.kit.cel;

import com.google.protobuf.ByteString;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import io.datasync.kit.cel.CelExpression.LimitExceededException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The budget of one evaluation: what it has built, how many comprehension iterations it ran and how long it has
 * computed, checked against {@link CelLimits}.
 *
 * <p>How the checks reach into cel-java 0.11, which itself bounds only comprehension iterations (an option whose
 * breach the interpreter can hide, see below) and the program size of a regular expression (checked only after
 * compiling it, which can already exhaust the heap): the interpreter calls this listener after every node of the
 * syntax tree with the node's value, which gives the size of every list and map built, every comprehension iteration
 * (the loop condition is evaluated once per iteration), and a point to look at the clock. The standard overloads
 * that build strings and lists ({@code _+_}) and those whose cost grows with their input ({@code matches}, {@code
 * contains}) are replaced by {@link LimitedFunctions}, which check sizes <em>before</em> allocating and look at the
 * clock while they work. So no single step runs long or builds much, and every step is followed by a check. cel-java
 * has no cancellation and does not look at thread interrupts; a watchdog thread could not stop it, so it does not
 * have one.
 *
 * <p>Time is the processor time of the evaluating thread, read only once an evaluation has run for a millisecond (a
 * read costs a system call; until then {@link System#nanoTime()} suffices): a garbage collection pause or a busy
 * machine does not make a row fail.
 *
 * <p>A breach is sticky: the interpreter turns an error inside {@code ||}, {@code &&} or a comprehension step into a
 * value that a later {@code true} can hide, so the listener throws again on every later node and the wrapper throws
 * it after the evaluation whatever the result.
 *
 * <p>The evaluation runs on the caller's thread (cel-java's interpreter is synchronous), so the overloads find it in
 * a thread local set for exactly that time.
 */
final class Evaluation implements CelEvaluationListener {

    private static final ThreadLocal<Evaluation> CURRENT = new ThreadLocal<>();

    /** The time budget of {@link CelExpressions#withinTotalTimeLimit} running on this thread, if any. */
    private static final ThreadLocal<TotalBudget> TOTAL = new ThreadLocal<>();

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = cpuTimeAvailable();

    /** Wall time before the first closer look at the clock; counted as spent when processor time is measured. */
    private static final long FIRST_LOOK_NANOS = 1_000_000;

    private static final long UNREAD = Long.MIN_VALUE;

    /** Looks at the clock every 16 nodes. */
    private static final int CLOCK_MASK = 15;

    /**
     * Lists and maps at least this large (elements, nested ones included) have their size remembered; smaller ones
     * are cheap to count again, and remembering every small list a comprehension builds would hold them all.
     */
    private static final long REMEMBER_ELEMENTS = 64;

    private static final long REMEMBER_TEXT = 4096;

    private final CelLimits limits;
    private final BitSet loopConditions;
    private final long start;
    private final long limitNanos;
    private final TotalBudget total;
    /** When to look closer at the clock next, for this evaluation's limit or the total one. */
    private long nextLook;
    /** When to look closer at the clock next, for this evaluation's limit. */
    private long ownNextLook;

    /** This thread's processor time at the first closer look; {@link #UNREAD} before, negative when unavailable. */
    private long cpuBaseline = UNREAD;

    private int nodes;
    private long iterations;
    private long builtText;
    private long builtElements;
    private Map<Object, long[]> sizes;
    private Object[] fieldValues = new Object[0];
    private LimitExceededException breach;

    Evaluation(CelLimits limits, BitSet loopConditions) {
        this.limits = limits;
        this.loopConditions = loopConditions;
        this.start = System.nanoTime();
        this.limitNanos = limits.timeLimit().toNanos();
        this.total = TOTAL.get();
        this.ownNextLook = start + Math.min(FIRST_LOOK_NANOS, limitNanos);
        this.nextLook = nextLook();
    }

    /** The evaluation running on this thread; a fresh one with the default limits when there is none. */
    static Evaluation current() {
        Evaluation current = CURRENT.get();
        return current != null ? current : new Evaluation(CelLimits.DEFAULTS, new BitSet());
    }

    /** Makes this the thread's current evaluation; returns the one it replaces, for {@link #exit}. */
    Evaluation enter() {
        Evaluation previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void exit(Evaluation previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /**
     * Runs {@code work} with a budget of {@code limit} processor time shared by every evaluation on this thread; an
     * inner call runs within the outer's budget.
     */
    static <T> T withTotalBudget(Duration limit, Supplier<T> work) {
        if (TOTAL.get() != null) {
            return work.get();
        }
        TOTAL.set(new TotalBudget(limit));
        try {
            return work.get();
        } finally {
            TOTAL.remove();
        }
    }

    /** Notes the values handed to the expression for its fields: they were not built by it. */
    void fieldValues(Object[] values) {
        this.fieldValues = values;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        if (breach != null) {
            throw breach;
        }
        if ((++nodes & CLOCK_MASK) == 0) {
            checkTime();
        }
        switch (expr.getKind()) {
            case LIST, MAP -> built(value);
            case COMPREHENSION -> {
                if (loopConditions.get((int) expr.id())) {
                    // A comprehension as another's loop condition; not one of the standard macros.
                    iteration();
                }
                if (value instanceof List<?> list) {
                    // map and filter give a copy of their accumulator, whose size the list overload checked as it
                    // grew; only the copy itself is new.
                    checkContainer(new long[] {list.size(), 0}, list.size());
                    count(list.size());
                }
            }
            case CALL -> {
                if (loopConditions.get((int) expr.id())) {
                    iteration();
                }
                String function = expr.call().function();
                if ((function.equals("string") || function.equals("bytes")) && !isFieldValue(value)) {
                    builtText(textSize(value), value instanceof String ? "a string" : "bytes");
                }
            }
            default -> {
                if (loopConditions.get((int) expr.id())) {
                    iteration();
                }
            }
        }
    }

    /** Throws the breach that happened during the evaluation, if any, even when the interpreter hid it. */
    void throwIfBroken() {
        if (breach != null) {
            throw breach;
        }
    }

    /**
     * Checks the result before it is converted for the caller, which copies lists and maps: a result shared many
     * times inside itself ({@code [x, x, …]}) would be copied as often. A value the record gave is not checked.
     */
    void checkResult(Object result) {
        if ((result instanceof List<?> || result instanceof Map<?, ?>) && !isFieldValue(result)) {
            long[] size = sizeOf(result);
            if (size[0] > limits.maxListSize()) {
                throw breach(
                        "the result holds more than " + limits.maxListSize()
                                + " list or map elements, nested ones included",
                        CelLimits.MAX_LIST_SIZE);
            }
            if (size[1] > limits.maxStringLength()) {
                throw breach(
                        "the result holds more than " + limits.maxStringLength() + " characters of text",
                        CelLimits.MAX_STRING_LENGTH);
            }
        }
    }

    // --- for LimitedFunctions: checks before building ---------------------------------------------------------

    /**
     * Checks a string or bytes value of {@code length} about to be built and counts it.
     *
     * @param what {@code "a string"} or {@code "bytes"}, for the message
     */
    void buildingText(long length, String what) throws CelEvaluationException {
        try {
            builtText(length, what);
        } catch (LimitExceededException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    /** Checks the list {@code first + second} about to be built; its size, for {@link #builtList}. */
    long[] buildingList(List<?> first, List<?> second) throws CelEvaluationException {
        try {
            long[] a = sizeOf(first);
            long[] b = sizeOf(second);
            long[] sum = {a[0] + b[0], a[1] + b[1]};
            checkContainer(sum, first.size() + (long) second.size());
            return sum;
        } catch (LimitExceededException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    /**
     * Counts the {@code added} elements of a list built by {@link #buildingList} and records its size; always for a
     * comprehension's accumulator, which grows in place ({@code appended}), so its size stays right without walking
     * it again.
     */
    void builtList(Object list, long[] size, long added, boolean appended) throws CelEvaluationException {
        if (appended || remembered(size)) {
            sizes().put(list, size);
        }
        try {
            count(added);
        } catch (LimitExceededException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    /** Throws when the evaluations of {@link CelExpressions#withinTotalTimeLimit} are already out of time. */
    void begin() {
        if (total != null && total.exceeded(System.nanoTime())) {
            throw totalBreach();
        }
    }

    /**
     * Looks at the clock: throws when this evaluation has computed longer than the time limit, or the evaluations of
     * {@link CelExpressions#withinTotalTimeLimit} longer than theirs. Cheap unless a limit is near.
     */
    void checkTime() {
        long now = System.nanoTime();
        if (now - nextLook < 0) {
            return;
        }
        if (total != null && total.exceeded(now)) {
            throw totalBreach();
        }
        if (now - ownNextLook >= 0) {
            checkOwnTime(now);
        }
        nextLook = nextLook();
    }

    private void checkOwnTime(long now) {
        long used;
        if (cpuBaseline == UNREAD) {
            // Processor time is read only for evaluations that run longer than a moment (reading it costs a system
            // call); the moment before counts as spent.
            cpuBaseline = cpuTime();
            used = cpuBaseline < 0 ? now - start : Math.min(FIRST_LOOK_NANOS, now - start);
        } else if (cpuBaseline < 0) {
            // No processor time for this thread: wall time it is.
            used = now - start;
        } else {
            long cpu = cpuTime();
            used = cpu < 0 ? now - start : cpu - cpuBaseline + FIRST_LOOK_NANOS;
        }
        if (used >= limitNanos) {
            throw breach(
                    "evaluation took longer than " + CelLimits.show(limits.timeLimit()) + " of processor time",
                    CelLimits.TIME_LIMIT);
        }
        // The rest of the limit cannot be used up sooner than in as much wall time.
        ownNextLook = now + (limitNanos - used);
    }

    private long nextLook() {
        return total != null && total.nextLook - ownNextLook < 0 ? total.nextLook : ownNextLook;
    }

    /** The breach to throw from inside an overload, where only a {@link CelEvaluationException} passes unchanged. */
    CelEvaluationException failure(String message, String setting) {
        LimitExceededException e = breach(message, setting);
        return new CelEvaluationException(e.getMessage(), e);
    }

    CelLimits limits() {
        return limits;
    }

    // --- internals ---------------------------------------------------------------------------------------------

    private void iteration() {
        if (++iterations > limits.maxIterations()) {
            throw breach(
                    "the expression ran more than " + limits.maxIterations() + " comprehension iterations",
                    CelLimits.MAX_ITERATIONS);
        }
    }

    private void built(Object container) {
        long[] size = sizeOf(container);
        int elements = container instanceof List<?> list ? list.size() : ((Map<?, ?>) container).size();
        checkContainer(size, elements);
        count(elements);
    }

    private void checkContainer(long[] size, long elements) {
        if (elements > limits.maxListSize() || size[0] > limits.maxListSize()) {
            throw breach(
                    "the expression built a list or map of more than " + limits.maxListSize()
                            + " elements, nested ones included",
                    CelLimits.MAX_LIST_SIZE);
        }
        if (size[1] > limits.maxStringLength()) {
            throw breach(
                    "the expression built a list or map holding more than " + limits.maxStringLength()
                            + " characters of text",
                    CelLimits.MAX_STRING_LENGTH);
        }
    }

    private void count(long elements) {
        builtElements += elements;
        if (builtElements > limits.maxTotalListSize()) {
            throw breach(
                    "the expression built more than " + limits.maxTotalListSize() + " list and map elements in all",
                    CelLimits.MAX_TOTAL_LIST_SIZE);
        }
    }

    private void builtText(long length, String what) {
        if (length > limits.maxStringLength()) {
            throw breach(
                    "the expression built " + what + " longer than " + limits.maxStringLength()
                            + (what.equals("bytes") ? " bytes" : " characters"),
                    CelLimits.MAX_STRING_LENGTH);
        }
        builtText += length;
        if (builtText > limits.maxTotalStringLength()) {
            throw breach(
                    "the expression built more than " + limits.maxTotalStringLength() + " characters of text in all",
                    CelLimits.MAX_TOTAL_STRING_LENGTH);
        }
    }

    private boolean isFieldValue(Object value) {
        for (Object field : fieldValues) {
            if (field == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * {elements, characters} of a value with everything nested in it, each reference counted as often as it appears
     * (what a copy or a comparison walks). Lists and maps are remembered by identity, so a value shared many times is
     * walked once; the walk stops early once over the limits.
     */
    private long[] sizeOf(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            long[] known = sizes == null ? null : sizes.get(value);
            if (known != null) {
                return known;
            }
            long[] size = {0, 0};
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    add(size, 1, element);
                    if (over(size)) {
                        break;
                    }
                }
            } else {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    add(size, 1, entry.getKey());
                    add(size, 0, entry.getValue());
                    if (over(size)) {
                        break;
                    }
                }
            }
            if (remembered(size)) {
                sizes().put(value, size);
            }
            return size;
        }
        return new long[] {0, textSize(value)};
    }

    private static boolean remembered(long[] size) {
        return size[0] >= REMEMBER_ELEMENTS || size[1] >= REMEMBER_TEXT;
    }

    private void add(long[] size, long self, Object element) {
        size[0] += self;
        if (element instanceof List<?> || element instanceof Map<?, ?>) {
            long[] nested = sizeOf(element);
            size[0] += nested[0];
            size[1] += nested[1];
        } else {
            size[1] += textSize(element);
        }
    }

    private boolean over(long[] size) {
        return size[0] > limits.maxListSize() || size[1] > limits.maxStringLength();
    }

    private static long textSize(Object value) {
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof ByteString bytes) {
            return bytes.size();
        }
        if (value instanceof CelByteString bytes) {
            return bytes.size();
        }
        return 0;
    }

    private Map<Object, long[]> sizes() {
        if (sizes == null) {
            sizes = new IdentityHashMap<>();
        }
        return sizes;
    }

    private LimitExceededException totalBreach() {
        return breach(
                "the expressions took longer than " + CelLimits.show(total.limit) + " of processor time in all",
                CelLimits.TOTAL_TIME_LIMIT);
    }

    private LimitExceededException breach(String message, String setting) {
        if (breach == null) {
            breach = new LimitExceededException(message + " (" + setting + ")", setting);
        }
        return breach;
    }

    /**
     * The processor time of this thread since {@link CelExpressions#withinTotalTimeLimit} started, read only when the
     * wall time shows the limit could have been reached.
     */
    private static final class TotalBudget {

        private final Duration limit;
        private final long limitNanos;
        private final long wallStart;
        private final long cpuStart;
        private long nextLook;

        TotalBudget(Duration limit) {
            this.limit = limit;
            this.limitNanos = limit.toNanos();
            this.wallStart = System.nanoTime();
            this.cpuStart = cpuTime();
            this.nextLook = wallStart + limitNanos;
        }

        boolean exceeded(long now) {
            if (now - nextLook < 0) {
                return false;
            }
            long cpu = cpuStart < 0 ? -1 : cpuTime();
            long used = cpu < 0 ? now - wallStart : cpu - cpuStart;
            if (used >= limitNanos) {
                return true;
            }
            nextLook = now + (limitNanos - used);
            return false;
        }
    }

    /** This thread's processor time in nanoseconds, or -1 when the JVM does not measure it. */
    private static long cpuTime() {
        if (!CPU_TIME) {
            return -1;
        }
        try {
            return THREADS.getCurrentThreadCpuTime();
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    private static boolean cpuTimeAvailable() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
