package io.datasync.scheduler.task;

import io.datasync.scheduler.SchedulerProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link Dispatcher#tick()} every {@code dispatch-interval}: what becomes due with time alone (a retry delay
 * over, a deferred window start reached, a run past its timeout) has no event to wake it.
 */
@Component
class DispatchTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchTicker.class);

    private final Dispatcher dispatcher;
    private final SchedulerProperties properties;
    private volatile ScheduledExecutorService executor;

    DispatchTicker(Dispatcher dispatcher, SchedulerProperties properties) {
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-dispatcher");
            t.setDaemon(true);
            return t;
        });
        long period = properties.dispatchInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            dispatcher.tick();
        } catch (RuntimeException e) { // must not cancel the periodic task
            log.warn(
                    "Dispatching due tasks failed, trying again in {}: {}",
                    properties.dispatchInterval(),
                    e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops before the outbox relay and the data source. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
