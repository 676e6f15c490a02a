package io.datasync.scheduler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.threeten.extra.MutableClock;

/**
 * The clock of every scheduler started by the tests: threeten-extra's {@link MutableClock}, standing still at the
 * moment the context started until a test moves it. Retry delays, deferrals and run timeouts are then checked by
 * moving time, never by sleeping. (Component-scanned from the test classpath, so the shared test context and the
 * extra instances the cluster and restart tests start all get one; it replaces the kit's system clock.)
 */
@Configuration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    MutableClock clock() {
        return MutableClock.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }
}
