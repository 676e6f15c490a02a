/** Creates a service's own PostgreSQL database when it is missing, before the connection pool and Liquibase start. */
package io.datasync.kit.db;
