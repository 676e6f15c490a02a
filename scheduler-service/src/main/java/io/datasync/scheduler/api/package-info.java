/** What the scheduler's edges share: request bodies read as strictly as job definitions, and inbound events. */
package io.datasync.scheduler.api;
