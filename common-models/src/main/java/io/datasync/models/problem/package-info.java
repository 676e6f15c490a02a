/** The RFC 9457 problem-details shape of every API error, with stable error codes. */
package io.datasync.models.problem;
