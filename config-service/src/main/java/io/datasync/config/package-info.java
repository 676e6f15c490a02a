/** Connections, versioned job definitions, templates and business rules: what the platform should do. */
package io.datasync.config;
