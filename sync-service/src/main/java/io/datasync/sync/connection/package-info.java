/** {@code POST /api/sync/connections/test}: try a connection the way a run would use it and say what failed. */
package io.datasync.sync.connection;
