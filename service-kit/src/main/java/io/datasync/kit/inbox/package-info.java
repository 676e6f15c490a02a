/** Consumer-side deduplication: an event id is processed once per consumer, however often Kafka delivers it. */
package io.datasync.kit.inbox;
