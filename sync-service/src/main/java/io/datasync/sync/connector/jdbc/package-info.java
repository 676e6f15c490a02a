/**
 * The JDBC source connector: reads a table or a query through any JDBC driver on the class path, in primary-key
 * ranges read in parallel, chunk by chunk with keyset pagination, fully or incrementally (timestamp watermark or key
 * range).
 */
package io.datasync.sync.connector.jdbc;
