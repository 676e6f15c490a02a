package io.datasync.sync.connection;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.web.ApiException;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.config.ConfigClient;
import io.datasync.sync.config.ConfigServiceErrors;
import io.datasync.sync.connector.spi.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sync/connections/test}: tries a stored connection ({@code {"connection": "orders-db"}}) or settings
 * not yet saved ({@code {"type": "jdbc", "settings": {...}}}) and answers 200 with each step and what failed. A request
 * that names neither, both, an unknown type or an unknown connection is a 400 or 404 problem.
 */
@RestController
class ConnectionTestController {

    static final List<String> TYPES = List.of("jdbc", "http", "file", "kafka", "mqtt", "redis");

    private static final Map<String, List<String>> REQUIRED = Map.of(
            "jdbc", List.of("url"),
            "http", List.of("baseUrl"),
            "file", List.of("baseDirectory"),
            "kafka", List.of("bootstrapServers"),
            "mqtt", List.of("uri"),
            "redis", List.of("uri"));

    private final ConfigClient config;
    private final ConnectionTester tester;

    ConnectionTestController(ConfigClient config, ConnectionTester tester) {
        this.config = config;
        this.tester = tester;
    }

    @PostMapping("/api/sync/connections/test")
    ConnectionTest.Result test(@RequestBody ConnectionTest.Request request) {
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
            ResolvedConnection stored = stored(request.connection());
            return tester.test(request.connection(), stored.type(), stored.settings(), request);
        }
        validate(request);
        try {
            return tester.test(null, request.type(), request.settings(), request);
        } catch (IllegalArgumentException e) {
            // an address that does not parse, e.g. a URL without a host
            throw unusable(request, e.getMessage());
        } catch (ConnectorException e) {
            if (!e.code().equals("SYNC-001")) {
                throw e;
            }
            throw unusable(request, e.getMessage());
        }
    }

    private static ApiException unusable(ConnectionTest.Request request, String why) {
        return ApiException.invalid(List.of(
                new FieldError("/settings/" + REQUIRED.get(request.type()).get(0), "is not usable: " + why)));
    }

    private static void validate(ConnectionTest.Request request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.type() == null) {
            errors.add(new FieldError("/connection", "name a stored connection, or give type and settings to try"));
        } else if (!TYPES.contains(request.type())) {
            errors.add(new FieldError("/type", "must be one of " + TYPES + ", not '" + request.type() + "'"));
        }
        if (request.type() != null && request.settings() == null) {
            errors.add(new FieldError("/settings", "is required with type"));
        }
        if (errors.isEmpty()) {
            for (String name : REQUIRED.get(request.type())) {
                if (!(request.settings().get(name) instanceof String value) || value.isBlank()) {
                    errors.add(new FieldError("/settings/" + name, "is required for type " + request.type()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private ResolvedConnection stored(String name) {
        try {
            return config.connection(name);
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                throw ApiException.notFound("connection", name);
            }
            throw ConfigServiceErrors.of(e, "connection " + name);
        }
    }
}
