package io.datasync.sync.connector.push;

import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.TestSteps;
import java.util.List;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The {@code push} unit: records pushed to the platform over HTTP ({@link PushEndpoint}) need no connection, so there is
 * nothing to test; a push job's run reads them back from the platform's Kafka ({@link PushStreamSource}). The platform's
 * cluster is not the user's: it is reached without the egress policy (which denies it to users' connections).
 */
@Component
public class PushConnector implements Connector {

    private final KafkaProperties kafka;
    private final PushTopics topics;

    public PushConnector(KafkaProperties kafka, PushTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    @Override
    public Source source(SourceContext context) {
        Options.Values values = InvalidOptionsException.parse(
                StreamKinds.PUSH_SOURCE, context.spec().options(), "/source/options");
        RecordColumns columns = RecordColumns.declared(values)
                .orElseThrow(() -> new InvalidOptionsException(
                        List.of(new FieldError("/source/options/columns", "is required for a push source"))));
        return new PushStreamSource(
                String.join(",", kafka.getBootstrapServers()), columns, RecordColumns.keys(values), topics);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return StreamKinds.PUSH;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        steps.run("no connection", () -> "push receives records over HTTP; there is nothing to connect to", e -> null);
    }
}
