package io.datasync.config.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * What the services tell the audit about the change an {@link Audited} handler is making on this thread: the id and
 * versions of the resource (which only the service knows), and any further changes the request caused (keys revoked
 * with their job). Outside an audited handler every call does nothing, so services call it unconditionally.
 *
 * <p>Threading: the trail belongs to the thread handling the request; {@link AuditRecording} opens and closes it.
 */
public final class AuditTrail {

    /** A change recorded beside the one the handler names. */
    record Change(String action, String resourceType, String resourceId, Long beforeVersion, Long afterVersion) {}

    /** The notes gathered while one audited handler runs. */
    static final class Notes {
        String resourceId;
        Long beforeVersion;
        boolean beforeKnown;
        Long afterVersion;
        boolean unchanged;
        final List<Change> more = new ArrayList<>();
    }

    private static final ThreadLocal<Notes> CURRENT = new ThreadLocal<>();

    private AuditTrail() {}

    /**
     * The resource the handler changed and its version before and after (null where it had none: before a create,
     * after a delete, or for an unversioned resource). Called more than once (a rollback saving through update), the
     * first before-version and the last id and after-version count.
     */
    public static void versions(String resourceId, Long beforeVersion, Long afterVersion) {
        Notes notes = CURRENT.get();
        if (notes == null) {
            return;
        }
        notes.resourceId = resourceId;
        if (!notes.beforeKnown) {
            notes.beforeVersion = beforeVersion;
            notes.beforeKnown = true;
        }
        notes.afterVersion = afterVersion;
    }

    /** A further change the same request made (e.g. an API key revoked because its job was deleted). */
    public static void also(
            String action, String resourceType, String resourceId, Long beforeVersion, Long afterVersion) {
        Notes notes = CURRENT.get();
        if (notes != null) {
            notes.more.add(new Change(action, resourceType, resourceId, beforeVersion, afterVersion));
        }
    }

    /**
     * The request changed nothing (revoking a key that is already revoked): the handler's own entry is left out, so
     * the log lists changes, not repeated requests.
     */
    public static void unchanged() {
        Notes notes = CURRENT.get();
        if (notes != null) {
            notes.unchanged = true;
        }
    }

    /** Whether an audited handler is running on this thread. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    static Notes open() {
        Notes previous = CURRENT.get();
        CURRENT.set(new Notes());
        return previous;
    }

    static Notes current() {
        return CURRENT.get();
    }

    static void close(Notes previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
