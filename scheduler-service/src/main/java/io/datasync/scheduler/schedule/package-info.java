/** Cron schedules in Quartz's clustered JDBC store: time windows, misfires, pause and resume, previews. */
package io.datasync.scheduler.schedule;
