package io.datasync.monitoring;

import io.datasync.kit.test.AbstractServiceIT;

/** monitoring-service started for real against PostgreSQL and an in-JVM KRaft Kafka broker. */
class MonitoringServiceIT extends AbstractServiceIT {}
