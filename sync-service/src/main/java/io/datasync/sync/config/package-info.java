/** sync-service's settings and its client of config-service's internal API (resolved jobs with their connections). */
package io.datasync.sync.config;
