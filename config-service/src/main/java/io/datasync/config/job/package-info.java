/** Job definitions: validation, immutable versions with diff and rollback, and their REST API. */
package io.datasync.config.job;
