package io.datasync.scheduler;

import io.datasync.kit.test.AbstractServiceIT;

/** scheduler-service started for real against PostgreSQL and an in-JVM KRaft Kafka broker. */
class SchedulerServiceIT extends AbstractServiceIT {

    static {
        FakeConfigService.shared(); // before the shared context, whichever IT class creates it
    }
}
