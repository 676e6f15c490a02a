/** Checkpoints and stream positions of the sinks that cannot keep them in their own target (Kafka, MQTT). */
package io.datasync.sync.connector.checkpoints;
