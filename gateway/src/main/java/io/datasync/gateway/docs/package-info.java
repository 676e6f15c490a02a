/** The services' OpenAPI specs and the Swagger UI, behind a viewer login. */
package io.datasync.gateway.docs;
