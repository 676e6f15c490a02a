/** The PostgreSQL sink: COPY into a staging table, one set-based statement per chunk, checkpoints committed with it. */
package io.datasync.sync.connector.postgres;
