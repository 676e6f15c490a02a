package io.datasync.scheduler.task;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One PostgreSQL advisory lock, held to the end of the transaction, that every change of task states takes first.
 * Across all instances of the cluster it makes the concurrency decisions (is a run of this job going? is a slot free
 * under the global limit?) see every other change, and because it is always the first lock taken, transactions
 * cannot deadlock on task rows.
 */
@Component
public class TaskLock {

    /** An arbitrary constant, distinct from the outbox relay's lock. */
    private static final long KEY = 0x5CED_7A5CL;

    private final JdbcTemplate jdbc;

    TaskLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void acquire() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, KEY);
    }
}
