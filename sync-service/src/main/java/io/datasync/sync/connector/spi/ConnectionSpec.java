package io.datasync.sync.connector.spi;

import java.util.Map;

/**
 * A connection ready to use: a stored one as config-service resolved it (secrets decrypted), or settings being tried
 * before they are saved ({@code id} null). Never logged with its settings: {@link #toString()} names only their keys.
 *
 * @param id the stored connection's id, null for unsaved settings (which no client cache keeps)
 * @param version the stored connection's version; clients kept for an older version are not reused
 * @param settings validated against the kind's declaration, secrets in plain text
 */
public record ConnectionSpec(String id, String name, String kind, long version, Map<String, Object> settings) {

    public ConnectionSpec {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** Settings being tried before they are saved. */
    public static ConnectionSpec unsaved(String kind, Map<String, Object> settings) {
        return new ConnectionSpec(null, null, kind, 0, settings);
    }

    public boolean stored() {
        return id != null;
    }

    /** A setting as text, null when absent. */
    public String text(String key) {
        Object value = settings.get(key);
        return value == null ? null : value.toString();
    }

    /** How messages name the connection: its name, or "the connection" for unsaved settings. */
    public String describe() {
        return name == null ? "the " + kind + " connection" : "connection '" + name + "'";
    }

    @Override
    public String toString() {
        return "ConnectionSpec[" + name + " (" + kind + ") v" + version + ", settings " + settings.keySet() + "]";
    }
}
