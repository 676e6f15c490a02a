/**
 * The answers of config-service's internal API ({@code /internal/**}), typed once for the service that gives them and
 * the services that ask: a job version resolved for running, a connection with its secrets, a rule set, a job's
 * schedule. Each record reads and writes the same JSON whichever Jackson 3 mapper handles it (Spring MVC's, a Feign
 * decoder's, a plain {@code JsonMapper}): the definition parts it embeds are always (de)serialized with the definitions'
 * own rules ({@link io.datasync.models.job.JobDefinitions#mapper}: durations as {@code 10s}, enums by their wire names),
 * and members a newer config-service adds are ignored by an older reader.
 */
package io.datasync.models.internal;
