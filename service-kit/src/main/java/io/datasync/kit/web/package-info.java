/** The HTTP edge every service shares: RFC 9457 problem details for every error, and correlation ids. */
package io.datasync.kit.web;
