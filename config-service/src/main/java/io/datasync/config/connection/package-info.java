/** Named connections to sources and targets: their declared settings, validation, storage with encrypted secrets, and API. */
package io.datasync.config.connection;
