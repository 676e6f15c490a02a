/** The per-principal rate limit, a token bucket in Redis shared by every gateway instance. */
package io.datasync.gateway.ratelimit;
