/**
 * The transforms a job may use and the shape of each one's options, declared once: config-service validates job
 * definitions against this catalog and sync-service implements each kind under the same name.
 */
package io.datasync.models.transform;
