/** The {@code redis} connector unit. */
package io.datasync.sync.connector.redis;
