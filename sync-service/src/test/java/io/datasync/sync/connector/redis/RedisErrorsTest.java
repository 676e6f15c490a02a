package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Redis failures a stream retries, and which end the run. */
class RedisErrorsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LOADING Redis is loading the dataset in memory",
                "BUSY Redis is busy running a script",
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                "TRYAGAIN Multiple keys request during rehashing of slot",
                "CLUSTERDOWN The cluster is down"
            })
    void aServerThatCannotServeYetIsRetried(String reply) {
        ConnectorException e =
                RedisErrors.classify(new RedisCommandExecutionException(reply), "127.0.0.1:6379", "XREADGROUP");
        assertThat(e.errorCode()).isEqualTo(SyncErrorCode.REDIS_UNREACHABLE);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains("cannot serve XREADGROUP yet").contains(reply);
    }

    @Test
    void aRefusedCommandOrLoginEndsTheRunAndALostConnectionIsRetried() {
        assertThat(RedisErrors.classify(
                                new RedisCommandExecutionException(
                                        "WRONGTYPE Operation against a key holding the wrong kind of value"),
                                "r:6379",
                                "XADD")
                        .errorCode())
                .isEqualTo(SyncErrorCode.REDIS_REFUSED);
        assertThat(RedisErrors.classify(
                                new RedisCommandExecutionException("WRONGPASS invalid username-password pair"),
                                "r:6379",
                                "AUTH")
                        .errorCode())
                .isEqualTo(SyncErrorCode.REDIS_AUTH_REFUSED);
        ConnectorException lost =
                RedisErrors.classify(new RedisConnectionException("Connection refused"), "r:6379", "XACK");
        assertThat(lost.errorCode()).isEqualTo(SyncErrorCode.REDIS_UNREACHABLE);
        assertThat(RedisErrors.broken(lost)).isTrue();
    }
}
