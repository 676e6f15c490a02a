/**
 * The single entry to the platform: authenticates callers, enforces the route table, rate-limits, and routes
 * /api/{service}/** to the services (never /internal/**), with their OpenAPI specs at /openapi/{service}.
 */
package io.datasync.gateway;
