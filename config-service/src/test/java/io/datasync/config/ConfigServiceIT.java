package io.datasync.config;

import io.datasync.kit.test.AbstractServiceIT;

/** config-service started for real against PostgreSQL and an in-JVM KRaft Kafka broker. */
class ConfigServiceIT extends AbstractServiceIT {}
