package io.datasync.sync.connector.http;

import java.time.Duration;

/** Waits between attempts; a seam so tests check the waits without spending them. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
