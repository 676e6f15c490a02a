/** The sync engine: connectors, transforms, checkpoints and runs that move the data. */
package io.datasync.sync;
