package io.datasync.sync.connection;

import io.datasync.sync.connector.ConnectorRegistry;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.TestSteps;
import org.springframework.stereotype.Component;

/**
 * Tries a connection through its kind's connector unit, step by step the way a run uses it, and reports each step with
 * the stable code of its failure. A failure of the thing tested is an answer ({@code ok: false}), never an error of the
 * request.
 */
@Component
public class ConnectionTester {

    private final ConnectorRegistry connectors;

    ConnectionTester(ConnectorRegistry connectors) {
        this.connectors = connectors;
    }

    public ConnectionTest.Result test(ConnectionSpec connection, Connector.TestTarget target) {
        long start = System.nanoTime();
        TestSteps steps = new TestSteps();
        connectors.get(connection.kind()).test(connection, target, steps);
        return new ConnectionTest.Result(
                !steps.failed(), connection.name(), connection.kind(), TestSteps.millisSince(start), steps.steps());
    }
}
