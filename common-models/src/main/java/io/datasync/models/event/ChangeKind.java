package io.datasync.models.event;

/** What happened to a configuration object. */
public enum ChangeKind {
    CREATED,
    UPDATED,
    DELETED,
    ENABLED,
    DISABLED
}
