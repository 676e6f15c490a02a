/** Quartz cron expressions, checked and previewed the same way by every service. */
package io.datasync.kit.cron;
