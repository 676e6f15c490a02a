package io.datasync.kit.startup;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/** Asks a Kafka cluster who it is; used at start (fail fast) and by the health indicator. */
public final class KafkaReachability {

    /** What the cluster said about itself. */
    public record ClusterInfo(String clusterId, int nodes) {}

    private final Map<String, Object> adminConfig;
    private final String bootstrapServers;

    public KafkaReachability(Map<String, Object> adminConfig) {
        this.adminConfig = Map.copyOf(adminConfig);
        Object servers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.bootstrapServers = servers instanceof Collection<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster's id and size, or a {@link DependencyUnreachableException} after {@code timeout}. */
    public ClusterInfo describe(Admin admin, Duration timeout) {
        try {
            DescribeClusterResult result =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String clusterId = result.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Collection<Node> nodes = result.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ClusterInfo(clusterId, nodes.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable("no answer within " + timeout.toSeconds() + "s", e);
        }
    }

    /** Opens a short-lived admin client, describes the cluster and closes the client. */
    public ClusterInfo check(Duration timeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            return describe(admin, timeout);
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw unreachable(e.getMessage() + (root == e ? "" : ": " + root.getMessage()), e);
        }
    }

    private DependencyUnreachableException unreachable(String reason, Throwable cause) {
        return DependencyUnreachableException.unreachable(
                "Kafka", "bootstrap servers " + bootstrapServers, reason, cause);
    }
}
