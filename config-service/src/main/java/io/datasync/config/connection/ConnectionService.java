package io.datasync.config.connection;

import io.datasync.config.audit.AuditTrail;
import io.datasync.config.secret.SecretCipher;
import io.datasync.config.secret.SecretDecryptionException;
import io.datasync.kit.egress.EgressGuard;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.Page;
import io.datasync.models.egress.EgressChecks;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.option.Options;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes connections, each change committed with its {@code ConnectionChanged} event; encrypts
 * secrets on the way in and masks them on the way out. The only place secrets are decrypted is {@link #resolve},
 * for the internal API.
 */
@Service
public class ConnectionService implements ConnectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);

    /** Largest page of a list. */
    public static final int MAX_PAGE_SIZE = 200;

    private final ConnectionRepository repository;
    private final SecretCipher cipher;
    private final Outbox outbox;
    private final Clock clock;
    private final ConnectionUsage usage;
    private final EgressGuard egress;

    ConnectionService(
            ConnectionRepository repository,
            SecretCipher cipher,
            Outbox outbox,
            Clock clock,
            ConnectionUsage usage,
            EgressGuard egress) {
        this.egress = egress;
        this.repository = repository;
        this.cipher = cipher;
        this.outbox = outbox;
        this.clock = clock;
        this.usage = usage;
    }

    /** How many secrets a rotation re-encrypted, under which key, across how many connections. */
    public record Rotation(String activeKeyId, int reEncrypted, int connections) {}

    /** Which key ids the stored secrets are under; a key with no secrets and not active can be removed. */
    public record KeyUsage(String activeKeyId, List<KeyEntry> keys) {

        /**
         * @param configured whether the keyring holds this key; a stored key id that is not configured means secrets
         *     that cannot be decrypted
         */
        public record KeyEntry(String id, boolean active, boolean configured, long secrets) {}
    }

    @Transactional
    public ConnectionView create(Map<String, Object> body) {
        ConnectionInput input = allowed(ConnectionInput.parse(body));
        if (input.expectedVersion() != null) {
            throw ApiException.invalid(List.of(new FieldError("/version", "a new connection has no version yet")));
        }
        UUID id = UUID.randomUUID();
        requireFreeName(input.name(), id);
        Instant now = now();
        StoredConnection stored = new StoredConnection(
                id, input.name(), input.type(), input.description(), 1, encrypt(id, input), now, now);
        try {
            repository.insert(stored);
        } catch (DuplicateKeyException e) {
            throw nameTaken(input.name());
        }
        outbox.append(new ConfigChange.ConnectionChanged(id.toString(), stored.name(), 1, ChangeKind.CREATED));
        AuditTrail.versions(id.toString(), null, 1L);
        log.info(
                "Created connection {} '{}' ({})",
                id,
                stored.name(),
                stored.type().wireName());
        return view(stored);
    }

    @Transactional(readOnly = true)
    public ConnectionView get(String id) {
        return view(find(id, false));
    }

    @Transactional(readOnly = true)
    public Page<ConnectionView> list(String type, int page, int size) {
        if (type != null && ConnectionType.fromWireName(type).isEmpty()) {
            throw ApiException.invalid(
                    List.of(new FieldError("?type", "unknown type; expected one of " + ConnectionType.wireNames())));
        }
        long total = repository.count(type);
        long offset = (long) page * size;
        List<ConnectionView> items = offset >= total
                ? List.of()
                : repository.page(type, (int) offset, size).stream()
                        .map(ConnectionService::view)
                        .toList();
        return Page.of(items, page, size, total);
    }

    /**
     * Replaces a connection. A secret that is left out or sent as {@value Options#MASK} keeps its stored value (when
     * the type is unchanged and the secret still applies); {@code null} removes it.
     */
    @Transactional
    public ConnectionView update(String id, Map<String, Object> body) {
        StoredConnection current = find(id, true);
        if (body != null
                && body.get("id") instanceof String echoed
                && !echoed.equals(current.id().toString())) {
            throw ApiException.invalid(List.of(new FieldError("/id", "does not match the connection in the path")));
        }
        ConnectionInput input = allowed(parseKeepingSecrets(current, body));
        if (input.expectedVersion() != null && input.expectedVersion() != current.version()) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "connection '" + current.name() + "' is at version " + current.version() + ", not "
                            + input.expectedVersion() + "; reload it and apply the change again");
        }
        requireFreeName(input.name(), current.id());
        requireFitForItsJobs(current, input);
        long version = current.version() + 1;
        StoredConnection updated = new StoredConnection(
                current.id(),
                input.name(),
                input.type(),
                input.description(),
                version,
                encrypt(current.id(), input),
                current.createdAt(),
                now());
        try {
            repository.update(updated);
        } catch (DuplicateKeyException e) {
            throw nameTaken(input.name());
        }
        outbox.append(new ConfigChange.ConnectionChanged(id(current), updated.name(), version, ChangeKind.UPDATED));
        AuditTrail.versions(id(current), current.version(), version);
        log.info("Updated connection {} '{}' to version {}", current.id(), updated.name(), version);
        return view(updated);
    }

    /**
     * Refuses a change that would break the live jobs using the connection at their next run: they name it (so it
     * keeps its name), read or write its kind (so it keeps its type), and open up to their split parallelism of its
     * connections at once (so {@code maxPoolSize} stays at least that).
     */
    private void requireFitForItsJobs(StoredConnection current, ConnectionInput input) {
        Map<String, Integer> jobs = usage.connectionsNeeded(current.name());
        if (jobs.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        if (!input.name().equals(current.name())) {
            errors.add(new FieldError(
                    "/name",
                    "jobs " + jobs.keySet() + " name this connection '" + current.name()
                            + "'; change them first, or create a connection with the new name"));
        }
        if (!input.type().equals(current.type())) {
            errors.add(new FieldError(
                    "/type",
                    "jobs " + jobs.keySet() + " use this connection as "
                            + current.type().wireName() + "; change them first"));
        }
        if (input.settings().get("maxPoolSize") instanceof Number pool) {
            Map<String, Integer> wider = new java.util.TreeMap<>();
            jobs.forEach((job, needed) -> {
                if (needed > pool.intValue()) {
                    wider.put(job, needed);
                }
            });
            if (!wider.isEmpty()) {
                errors.add(new FieldError(
                        "/settings/maxPoolSize",
                        pool + " is fewer connections than jobs need at once " + wider
                                + " (their split parallelism); lower their parallelism first"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "connection '" + current.name() + "' is used by jobs " + jobs.keySet()
                            + " that this change would break",
                    errors);
        }
    }

    /**
     * Deletes a connection no live job uses (a job naming it would fail at its next run); its event carries the last
     * version, like every deletion event of config-service.
     */
    @Transactional
    public void delete(String id) {
        StoredConnection current = find(id, true);
        List<String> users = usage.jobsUsing(current.name());
        if (!users.isEmpty()) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "connection '" + current.name() + "' is used by jobs " + users + "; change or delete them first");
        }
        repository.delete(current.id());
        outbox.append(
                new ConfigChange.ConnectionChanged(id(current), current.name(), current.version(), ChangeKind.DELETED));
        AuditTrail.versions(id(current), current.version(), null);
        log.info("Deleted connection {} '{}'", current.id(), current.name());
    }

    /**
     * Re-encrypts every secret not yet under the active key, in one transaction with every connection locked. After it
     * committed, no stored secret needs the older keys, so they can be removed from the keyring. Settings and
     * versions do not change, so no event is sent.
     */
    @Transactional
    public Rotation rotate() {
        String active = cipher.keyring().activeKeyId();
        AtomicInteger reEncrypted = new AtomicInteger();
        int connections = 0;
        for (StoredConnection c : repository.lockAll()) {
            int before = reEncrypted.get();
            Map<String, Object> settings = c.type().settings().mapSecrets(c.settings(), (pointer, stored) -> {
                String context = context(c.id(), pointer);
                try {
                    if (SecretCipher.keyIdOf(stored).equals(active)) {
                        return stored;
                    }
                    reEncrypted.incrementAndGet();
                    return cipher.encrypt(cipher.decrypt(stored, context), context);
                } catch (SecretDecryptionException e) {
                    throw new ApiException(
                            ErrorCode.CONFLICT,
                            "nothing was rotated: the secret /settings" + pointer + " of connection '" + c.name()
                                    + "' cannot be decrypted: " + e.getMessage());
                }
            });
            if (reEncrypted.get() > before) {
                repository.updateSettings(c.id(), settings);
                connections++;
            }
        }
        log.info(
                "Key rotation re-encrypted {} secrets of {} connections under key '{}'",
                reEncrypted.get(),
                connections,
                active);
        AuditTrail.versions(active, null, null);
        return new Rotation(active, reEncrypted.get(), connections);
    }

    @Transactional(readOnly = true)
    public KeyUsage keyUsage() {
        Map<String, Long> counts = new TreeMap<>();
        for (StoredConnection c : repository.all()) {
            c.type().settings().mapSecrets(c.settings(), (pointer, stored) -> {
                String keyId;
                try {
                    keyId = SecretCipher.keyIdOf(stored);
                } catch (SecretDecryptionException e) {
                    keyId = "(unreadable)";
                }
                counts.merge(keyId, 1L, Long::sum);
                return stored;
            });
        }
        String active = cipher.keyring().activeKeyId();
        Set<String> ids = new LinkedHashSet<>(cipher.keyring().keyIds());
        ids.addAll(counts.keySet());
        List<KeyUsage.KeyEntry> keys = ids.stream()
                .map(k -> new KeyUsage.KeyEntry(
                        k, k.equals(active), cipher.keyring().keyIds().contains(k), counts.getOrDefault(k, 0L)))
                .toList();
        return new KeyUsage(active, keys);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<io.datasync.models.connector.JobChecks.Connection> describe(String name) {
        return repository
                .findByName(name)
                .map(c -> new io.datasync.models.connector.JobChecks.Connection(
                        c.type().wireName(),
                        c.type().settings().mapSecrets(c.settings(), (p, stored) -> Options.MASK)));
    }

    /** @throws ApiException 409 when a secret's key is no longer in the keyring or its ciphertext was altered */
    @Override
    @Transactional(readOnly = true)
    public Optional<ResolvedConnection> resolve(String name) {
        return repository.findByName(name).map(c -> {
            try {
                return new ResolvedConnection(id(c), c.name(), c.type().wireName(), c.version(), decrypt(c));
            } catch (SecretDecryptionException e) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "connection '" + c.name() + "' holds a secret that cannot be decrypted (" + e.getMessage()
                                + "); configure its key or set the secret again");
            }
        });
    }

    /**
     * The egress policy on the settings that say where the connection goes, decided without DNS here (IP literals,
     * localhost, file roots, JDBC properties); sync-service decides again with DNS before every connect.
     */
    private ConnectionInput allowed(ConnectionInput input) {
        List<FieldError> refused =
                EgressChecks.problems(input.type().settings(), input.settings(), "/settings", egress.policy(), null);
        if (!refused.isEmpty()) {
            throw ApiException.invalid(refused);
        }
        return input;
    }

    private ConnectionInput parseKeepingSecrets(StoredConnection current, Map<String, Object> body) {
        if (body == null
                || !(body.get("settings") instanceof Map<?, ?>)
                || !current.type().wireName().equals(body.get("type"))) {
            return ConnectionInput.parse(body);
        }
        requireSecretsWhenTheAddressChanges(current, body);
        Set<String> omitted = new HashSet<>();
        try {
            return ConnectionInput.parse(keepSecrets(current, body, Set.of(), omitted));
        } catch (ApiException e) {
            // A left-out secret that no longer applies (say, auth changed from basic to bearer) is dropped, not kept.
            Set<String> dropped = new HashSet<>();
            for (FieldError error : e.errors()) {
                if (error.pointer().startsWith("/settings/")
                        && omitted.contains(error.pointer().substring("/settings".length()))) {
                    dropped.add(error.pointer().substring("/settings".length()));
                }
            }
            if (dropped.isEmpty()) {
                throw e;
            }
            return ConnectionInput.parse(keepSecrets(current, body, dropped, new HashSet<>()));
        }
    }

    /**
     * Someone allowed to edit a connection but who does not know its password must not be able to point it at their
     * own host and have the stored password sent there: when an address changes, every secret must be given again.
     */
    @SuppressWarnings("unchecked")
    private void requireSecretsWhenTheAddressChanges(StoredConnection current, Map<String, Object> body) {
        Map<String, Object> sent = (Map<String, Object>) body.get("settings");
        // The settings that say where a connection goes are those that declare what they reach.
        boolean moved = current.type().settings().options().stream()
                .filter(o -> o.reaches() != null)
                .map(o -> o.name())
                .anyMatch(key -> current.settings().containsKey(key)
                        && !java.util.Objects.equals(current.settings().get(key), sent.get(key)));
        if (!moved) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String pointer : current.type().settings().secretPointers()) {
            if (storedSecret(current, pointer).isEmpty()) {
                continue;
            }
            Object value = sent;
            for (String part : pointer.substring(1).split("/")) {
                value = value instanceof Map<?, ?> m ? m.get(part) : null;
            }
            if (value == null || Options.MASK.equals(value)) {
                errors.add(new FieldError(
                        "/settings" + pointer,
                        "give this secret again: the connection's address changed, and a stored secret is never"
                                + " sent to a new address"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /**
     * A copy of {@code body} whose secrets sent as the mask, or left out (unless in {@code skip}), hold the stored
     * plain text; adds to {@code omitted} the pointers of those that were left out.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> keepSecrets(
            StoredConnection current, Map<String, Object> body, Set<String> skip, Set<String> omitted) {
        Map<String, Object> copy = deepCopy(body);
        Map<String, Object> settings = (Map<String, Object>) copy.get("settings");
        for (String pointer : current.type().settings().secretPointers()) {
            String[] path = pointer.substring(1).split("/");
            Map<String, Object> parent = settings;
            for (int i = 0; i < path.length - 1 && parent != null; i++) {
                parent = parent.get(path[i]) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            }
            if (parent == null) {
                continue;
            }
            String leaf = path[path.length - 1];
            boolean masked = Options.MASK.equals(parent.get(leaf));
            boolean leftOut = !parent.containsKey(leaf) && !skip.contains(pointer);
            Optional<String> stored = storedSecret(current, pointer);
            if ((masked || leftOut) && stored.isPresent()) {
                parent.put(leaf, storedPlain(current, pointer, stored.get()));
                if (leftOut) {
                    omitted.add(pointer);
                }
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> storedSecret(StoredConnection current, String pointer) {
        Object node = current.settings();
        for (String part : pointer.substring(1).split("/")) {
            node = node instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(part) : null;
        }
        return node instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private String storedPlain(StoredConnection current, String pointer, String stored) {
        try {
            return cipher.decrypt(stored, context(current.id(), pointer));
        } catch (SecretDecryptionException e) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "the stored secret /settings" + pointer + " cannot be kept: " + e.getMessage()
                            + "; send the secret again",
                    List.of(new FieldError("/settings" + pointer, "send the secret again")));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    private Map<String, Object> encrypt(UUID id, ConnectionInput input) {
        return input.type()
                .settings()
                .mapSecrets(input.settings(), (p, plain) -> cipher.encrypt(plain, context(id, p)));
    }

    private Map<String, Object> decrypt(StoredConnection c) {
        return c.type().settings().mapSecrets(c.settings(), (p, stored) -> cipher.decrypt(stored, context(c.id(), p)));
    }

    static ConnectionView view(StoredConnection c) {
        return new ConnectionView(
                id(c),
                c.name(),
                c.type().wireName(),
                c.description(),
                c.version(),
                c.type().settings().mapSecrets(c.settings(), (p, stored) -> Options.MASK),
                c.createdAt(),
                c.updatedAt());
    }

    /** Binds a ciphertext to one setting of one connection (authenticated, not secret). */
    static String context(UUID id, String pointer) {
        return id + "/settings" + pointer;
    }

    private StoredConnection find(String id, boolean lock) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("connection", id);
        }
        return repository.findById(uuid, lock).orElseThrow(() -> ApiException.notFound("connection", id));
    }

    private void requireFreeName(String name, UUID self) {
        if (repository.nameTaken(name, self)) {
            throw nameTaken(name);
        }
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(
                ErrorCode.CONFLICT,
                "a connection named '" + name + "' already exists",
                List.of(new FieldError("/name", "is already taken")));
    }

    private static String id(StoredConnection c) {
        return c.id().toString();
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; truncating keeps the responses equal to what a later GET returns.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
