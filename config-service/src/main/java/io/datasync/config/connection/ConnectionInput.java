package io.datasync.config.connection;

import io.datasync.kit.web.ApiException;
import io.datasync.models.job.Names;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated create or update request: a safe name, a known type and settings that passed their type's
 * declaration, with defaults filled in and secrets still in plain text. {@link #toString()} never shows settings.
 */
record ConnectionInput(
        String name, ConnectionType type, String description, Long expectedVersion, Map<String, Object> settings) {

    static final Pattern NAME = Names.SAFE;
    static final int MAX_DESCRIPTION = 1000;

    /** Members a client may echo back from a GET in a PUT; they are ignored (the version is checked). */
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt");

    private static final Set<String> MEMBERS = Set.of("name", "type", "description", "settings", "version");

    ConnectionInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Checks a request body, reporting every problem at once.
     *
     * @throws ApiException a 400 naming each invalid member by its JSON pointer
     */
    static ConnectionInput parse(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null) {
            throw ApiException.invalid(List.of(new FieldError("/", "the request body must be a connection object")));
        }
        for (String key : body.keySet()) {
            if (!MEMBERS.contains(key) && !READ_ONLY.contains(key)) {
                errors.add(new FieldError(
                        "/" + Json.token(key),
                        "unknown member; a connection has name, type, description and settings"));
            }
        }
        String name = null;
        if (!(body.get("name") instanceof String text)) {
            errors.add(new FieldError("/name", body.get("name") == null ? "is required" : "expected text"));
        } else if (!NAME.matcher(text).matches()) {
            errors.add(new FieldError(
                    "/name", "must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit"));
        } else {
            name = text;
        }
        ConnectionType type = null;
        Object rawType = body.get("type");
        if (rawType == null) {
            errors.add(new FieldError("/type", "is required; one of " + ConnectionType.wireNames()));
        } else {
            type = rawType instanceof String t ? ConnectionType.fromWireName(t).orElse(null) : null;
            if (type == null) {
                errors.add(new FieldError("/type", "unknown type; expected one of " + ConnectionType.wireNames()));
            }
        }
        String description = null;
        Object rawDescription = body.get("description");
        if (rawDescription != null) {
            if (!(rawDescription instanceof String text)) {
                errors.add(new FieldError("/description", "expected text"));
            } else if (text.length() > MAX_DESCRIPTION) {
                errors.add(new FieldError("/description", "is longer than " + MAX_DESCRIPTION + " characters"));
            } else {
                description = text;
            }
        }
        Long version = null;
        Object rawVersion = body.get("version");
        if (rawVersion != null) {
            if (rawVersion instanceof Number n && n.longValue() >= 1 && n.doubleValue() == n.longValue()) {
                version = n.longValue();
            } else {
                errors.add(new FieldError("/version", "expected the whole number read with the connection"));
            }
        }
        Map<String, Object> settings = null;
        if (type != null) {
            settings = type.settings().validate(body.get("settings"), "/settings", errors);
        } else if (body.get("settings") != null && !(body.get("settings") instanceof Map<?, ?>)) {
            errors.add(new FieldError("/settings", "expected an object"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ConnectionInput(name, type, description, version, settings);
    }

    @Override
    public String toString() {
        return "ConnectionInput[name=" + name + ", type=" + type.wireName() + ", settings=" + settings.keySet() + "]";
    }
}
