/** CEL expressions over records: compile-time checks with record fields as free identifiers, and evaluation. */
package io.datasync.config.cel;
