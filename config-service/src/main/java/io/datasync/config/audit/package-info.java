/**
 * The audit log: who changed what through the API of any service, when, and from which version to which, recorded in
 * the same transaction as the change (config-service's own handlers) or from {@code AuditRecorded} events (the other
 * services), and read by admins at {@code GET /api/config/audit}.
 */
package io.datasync.config.audit;
