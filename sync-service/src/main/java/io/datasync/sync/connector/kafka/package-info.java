/** The {@code kafka} connector unit. */
package io.datasync.sync.connector.kafka;
