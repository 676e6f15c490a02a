/**
 * The egress policy bound from {@code datasync.egress.*} and enforced with real DNS and real paths by
 * {@link io.datasync.kit.egress.EgressGuard}, which every connector calls immediately before it connects or opens.
 */
package io.datasync.kit.egress;
