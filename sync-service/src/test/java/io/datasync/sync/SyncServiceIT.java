package io.datasync.sync;

import io.datasync.kit.test.AbstractServiceIT;

/** sync-service started for real against PostgreSQL and an in-JVM KRaft Kafka broker. */
class SyncServiceIT extends AbstractServiceIT {}
