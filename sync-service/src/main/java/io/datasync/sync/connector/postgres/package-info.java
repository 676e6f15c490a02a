/** The PostgreSQL sink: COPY into the table, directly or through staging, committed with each chunk's checkpoint. */
package io.datasync.sync.connector.postgres;
