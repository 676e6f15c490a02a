/**
 * One correlation id per piece of work, wherever it goes: in an HTTP request ({@code X-Correlation-Id}), the logging
 * context ({@code correlationId}), a call to another service (Feign), an event on Kafka (a record header the outbox
 * relay sets and listeners read back), and a task handed to another thread.
 */
package io.datasync.kit.correlation;
