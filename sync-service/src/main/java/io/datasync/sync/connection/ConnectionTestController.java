package io.datasync.sync.connection;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.egress.EgressGuard;
import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.web.ApiException;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.Connectors;
import io.datasync.models.egress.EgressChecks;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.config.ConfigClient;
import io.datasync.sync.config.ConfigServiceErrors;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sync/connections/test}: tries a stored connection ({@code {"connection": "orders-db"}}) or settings
 * not yet saved ({@code {"type": "jdbc", "settings": {...}}}) and answers 200 with each step and what failed. Unsaved
 * settings are checked against the kind's declaration first, exactly as config-service checks them at save: a request
 * that names neither, both, an unknown type, invalid settings or an unknown connection is a 400 or 404 problem naming
 * every field.
 */
@RestController
class ConnectionTestController {

    private final ConfigClient config;
    private final ConnectionTester tester;
    private final EgressGuard egress;

    ConnectionTestController(ConfigClient config, ConnectionTester tester, EgressGuard egress) {
        this.config = config;
        this.tester = tester;
        this.egress = egress;
    }

    @NotAudited("a connection test reads and changes nothing")
    @PostMapping("/api/sync/connections/test")
    ConnectionTest.Result test(@RequestBody ConnectionTest.Request request) {
        Connector.TestTarget target = new Connector.TestTarget(request.table(), request.path());
        if (request.connection() != null) {
            List<FieldError> errors = new ArrayList<>();
            if (request.type() != null) {
                errors.add(new FieldError("/type", "give either connection or type and settings, not both"));
            }
            if (request.settings() != null) {
                errors.add(new FieldError("/settings", "give either connection or type and settings, not both"));
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            return tester.test(stored(request.connection()), target);
        }
        return tester.test(unsaved(request), target);
    }

    /**
     * Unsaved settings, validated against the kind's declaration with defaults and derived values filled in, and the
     * settings that say where the connection goes checked against the egress policy (with DNS), as a save would.
     */
    private ConnectionSpec unsaved(ConnectionTest.Request request) {
        List<FieldError> errors = new ArrayList<>();
        Optional<ConnectorDescriptor> kind = request.type() == null
                ? Optional.empty()
                : Connectors.find(request.type()).filter(ConnectorDescriptor::needsConnection);
        if (request.type() == null) {
            errors.add(new FieldError("/connection", "name a stored connection, or give type and settings to try"));
        } else if (kind.isEmpty()) {
            errors.add(new FieldError(
                    "/type", "must be one of " + Connectors.connectionKinds() + ", not '" + request.type() + "'"));
        }
        if (request.type() != null && request.settings() == null) {
            errors.add(new FieldError("/settings", "is required with type"));
        }
        Map<String, Object> settings = Map.of();
        if (kind.isPresent() && request.settings() != null) {
            settings = kind.get().connection().validate(request.settings(), "/settings", errors);
            if (errors.isEmpty()) {
                errors.addAll(EgressChecks.problems(
                        kind.get().connection(), settings, "/settings", egress.policy(), EgressGuard.DNS));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return ConnectionSpec.unsaved(kind.orElseThrow().kind(), settings);
    }

    private ConnectionSpec stored(String name) {
        ResolvedConnection stored;
        try {
            stored = config.connection(name);
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                throw ApiException.notFound("connection", name);
            }
            throw ConfigServiceErrors.of(e, "connection " + name);
        }
        return new ConnectionSpec(stored.id(), name, stored.type(), stored.version(), stored.settings());
    }
}
