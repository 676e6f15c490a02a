package io.datasync.kit.health;

import io.datasync.kit.startup.KafkaReachability;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Kafka is up when the cluster answers a describe-cluster request within a few seconds. */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KafkaReachability reachability;
    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private Admin admin;

    public KafkaHealthIndicator(KafkaReachability reachability, Map<String, Object> adminConfig, Duration timeout) {
        super("Kafka health check failed");
        this.reachability = reachability;
        this.adminConfig = adminConfig;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaReachability.ClusterInfo info = reachability.describe(admin(), timeout);
        builder.up()
                .withDetail("bootstrapServers", reachability.bootstrapServers())
                .withDetail("clusterId", info.clusterId())
                .withDetail("nodes", info.nodes());
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
