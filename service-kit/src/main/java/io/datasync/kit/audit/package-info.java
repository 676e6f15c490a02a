/**
 * Reports the changes made through a service's API to config-service's audit log: after every 2xx answer to a
 * mutating {@code /api} request, an {@code AuditRecorded} event through the outbox.
 */
package io.datasync.kit.audit;
