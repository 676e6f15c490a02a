package io.datasync.sync.connector.push;

import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.TestSteps;
import org.springframework.stereotype.Component;

/**
 * The {@code push} unit: records pushed to the platform over HTTP need no connection, so there is nothing to test; the
 * push endpoint itself arrives with realtime sync.
 */
@Component
public class PushConnector implements Connector {

    @Override
    public ConnectorDescriptor descriptor() {
        return StreamKinds.PUSH;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        steps.run("no connection", () -> "push receives records over HTTP; there is nothing to connect to", e -> null);
    }
}
