/** The event envelope, the versioned event types and the Kafka topics they travel on. */
package io.datasync.models.event;
