/** Records every DataSync service shares: events, job definitions and the API error shape; no Spring, no I/O. */
package io.datasync.models;
