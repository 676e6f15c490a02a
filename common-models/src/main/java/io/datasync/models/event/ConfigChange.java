package io.datasync.models.event;

/** Changes of configuration published by config-service on {@link Topics#CONFIG_CHANGES}; consumers hot-reload. */
public sealed interface ConfigChange extends EventPayload {

    long version();

    ChangeKind change();

    record JobChanged(String jobId, String name, long version, ChangeKind change) implements ConfigChange {
        public JobChanged {
            Require.text(jobId, "jobId");
            Require.present(change, "change");
        }

        @Override
        public String subject() {
            return jobId;
        }
    }

    record ConnectionChanged(String connectionId, String name, long version, ChangeKind change)
            implements ConfigChange {
        public ConnectionChanged {
            Require.text(connectionId, "connectionId");
            Require.present(change, "change");
        }

        @Override
        public String subject() {
            return connectionId;
        }
    }

    record RuleSetChanged(String ruleSetId, String name, long version, ChangeKind change) implements ConfigChange {
        public RuleSetChanged {
            Require.text(ruleSetId, "ruleSetId");
            Require.present(change, "change");
        }

        @Override
        public String subject() {
            return ruleSetId;
        }
    }
}
