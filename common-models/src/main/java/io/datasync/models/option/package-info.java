/**
 * The one options model of the platform: connection settings, connector source and target options and transform
 * configs are each declared once as {@link io.datasync.models.option.Options} (like Kafka's {@code ConfigDef}), so
 * config-service validates them at save, sync-service parses them before a run, and the catalog and the READMEs are
 * generated from the same declarations.
 */
package io.datasync.models.option;
