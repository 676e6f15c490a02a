/**
 * The HTTP pull source connector: reads JSON records from a REST API page by page (page number, offset, cursor or
 * {@code Link} header), authenticating with the connection's credentials and retrying throttled or failing requests.
 */
package io.datasync.sync.connector.http;
