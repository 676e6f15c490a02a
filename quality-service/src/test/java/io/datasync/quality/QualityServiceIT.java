package io.datasync.quality;

import io.datasync.kit.test.AbstractServiceIT;

/** quality-service started for real against PostgreSQL and an in-JVM KRaft Kafka broker. */
class QualityServiceIT extends AbstractServiceIT {}
