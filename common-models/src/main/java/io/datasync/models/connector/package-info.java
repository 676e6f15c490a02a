/**
 * The connector catalog: every kind of connection ({@code jdbc}, {@code file}, {@code http}, {@code kafka},
 * {@code mqtt}, {@code redis}, {@code push}) declared once — its connection settings, its source and target options
 * and what it supports — as data shared by config-service (validation at save, {@code GET /api/config/connectors}) and
 * sync-service (whose connector units implement exactly these declarations).
 */
package io.datasync.models.connector;
