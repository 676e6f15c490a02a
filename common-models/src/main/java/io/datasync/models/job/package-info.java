/**
 * The job definition a user writes (source, transforms, quality, target, schedule, retry, limits), readable from JSON
 * and YAML. Records validate themselves; {@link io.datasync.models.job.JobDefinitions} turns any reading error into a
 * JSON pointer and a message.
 */
package io.datasync.models.job;
