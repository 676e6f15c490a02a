/** Runs: the engine that moves chunks from a source through transforms into a sink, their state, API and events. */
package io.datasync.sync.run;
