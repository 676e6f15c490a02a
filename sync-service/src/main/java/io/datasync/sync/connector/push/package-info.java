/** The {@code push} connector unit. */
package io.datasync.sync.connector.push;
