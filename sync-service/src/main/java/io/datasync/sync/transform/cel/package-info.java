/** CEL expressions over the rows of a chunk, compiled the way config-service checks them so both agree. */
package io.datasync.sync.transform.cel;
