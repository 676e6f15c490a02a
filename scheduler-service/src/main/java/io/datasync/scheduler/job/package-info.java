/** The jobs the scheduler knows, kept in step with config-service by its events and a reconciliation at start. */
package io.datasync.scheduler.job;
