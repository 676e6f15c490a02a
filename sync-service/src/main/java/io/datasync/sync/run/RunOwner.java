package io.datasync.sync.run;

import io.datasync.sync.config.SyncProperties;
import java.io.IOException;
import java.net.InetAddress;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This instance's identity as a run owner, under which it claims runs, renews their leases and releases them: the
 * same identity after a restart lets it resume its own runs at once.
 */
@Component
class RunOwner {

    private final SyncProperties properties;
    private final Environment environment;
    private volatile String id;

    RunOwner(SyncProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * The configured id, else {@code <hostname>:<port>} (a restarted process keeps it and resumes its runs at once),
     * else, before the port is known, {@code <hostname>:pid<pid>}.
     */
    String id() {
        String known = id;
        if (known != null) {
            return known;
        }
        if (!properties.instanceId().isBlank()) {
            known = properties.instanceId();
        } else {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "0"));
            known = hostname() + ":"
                    + (port.equals("0") ? "pid" + ProcessHandle.current().pid() : port);
        }
        id = known;
        return known;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
