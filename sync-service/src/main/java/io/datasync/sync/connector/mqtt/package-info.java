/** The {@code mqtt} connector unit. */
package io.datasync.sync.connector.mqtt;
