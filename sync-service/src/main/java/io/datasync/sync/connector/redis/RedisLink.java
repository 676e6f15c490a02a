package io.datasync.sync.connector.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/**
 * Opens the connections of one Redis source. A stream reader blocks its connection in {@code XREADGROUP ... BLOCK} and a
 * pub/sub connection can do nothing else, so each reader gets a dedicated one instead of the unit's shared connection.
 * Every open checks the egress policy first, and no connection reconnects on its own: a reader that lost its
 * connection opens a new one (checked again) on its next read.
 */
interface RedisLink extends AutoCloseable {

    /**
     * A dedicated connection whose commands wait at most {@code timeout} (a blocking read's {@code BLOCK} plus slack).
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException when egress is refused or Redis cannot be reached
     */
    StatefulRedisConnection<String, String> connect(Duration timeout);

    /** A dedicated pub/sub connection. */
    StatefulRedisPubSubConnection<String, String> connectPubSub(Duration timeout);

    /** The database the connection URI selects, for keyspace channels ({@code __keyspace@<db>__:}). */
    int database();

    /** The server, without credentials, for messages. */
    String describe();

    /** Closes the connections still open. */
    @Override
    void close();
}
