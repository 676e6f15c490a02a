/**
 * Every service publishes the OpenAPI description of its public API ({@code /api/**}) at {@code /v3/api-docs}; the
 * gateway aggregates the five under {@code /openapi/<service>} and serves Swagger UI behind login. The spec is
 * generated from the handlers themselves, and {@code AbstractServiceIT} checks that it lists exactly the routes the
 * service answers, so it cannot drift from the code.
 */
package io.datasync.kit.openapi;
