/**
 * What the connectors for untyped records (CSV and JSON lines files, JSON over HTTP) share: columns declared in the
 * job or inferred from the data, and the conversion of a record's raw values into a typed row.
 */
package io.datasync.sync.connector.records;
