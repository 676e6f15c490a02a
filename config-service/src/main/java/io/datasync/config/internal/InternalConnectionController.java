package io.datasync.config.internal;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.kit.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Gives sync-service a connection with its secrets decrypted, by name; only behind the service token. */
@RestController
public class InternalConnectionController {

    private final ConnectionCatalog catalog;

    InternalConnectionController(ConnectionCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/internal/connections/{name}")
    public ConnectionCatalog.ResolvedConnection connection(@PathVariable String name) {
        return catalog.resolve(name).orElseThrow(() -> ApiException.notFound("connection", name));
    }
}
