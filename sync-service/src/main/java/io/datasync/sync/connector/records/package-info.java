/**
 * What the connectors for untyped records (CSV and JSON lines files, JSON over HTTP, message payloads) share:
 * columns declared in the job or inferred from the data, the conversion of a record's raw values into a typed row, and
 * the decoding of one message's payload (JSON, Kafka Connect JSON, CSV) into such a row.
 */
package io.datasync.sync.connector.records;
