/**
 * The transactional outbox: events are written in the same database transaction as the state change they describe,
 * then relayed to Kafka by {@link io.datasync.kit.outbox.OutboxRelay}. Delivery guarantee: at least once on the wire,
 * exactly once in effect, because every consumer deduplicates on the event id ({@link io.datasync.kit.inbox.Inbox}).
 */
package io.datasync.kit.outbox;
