/**
 * The HTTP edge every service shares: RFC 9457 problem details for every error, correlation ids, strong ETags with the
 * {@code If-Match} check, and the one shape of a paged list.
 */
package io.datasync.kit.web;
