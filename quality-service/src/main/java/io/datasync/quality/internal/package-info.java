/** The internal API other services call directly (never routed by the gateway), guarded by a shared service token. */
package io.datasync.quality.internal;
