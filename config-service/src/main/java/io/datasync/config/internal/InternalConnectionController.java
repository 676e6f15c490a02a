package io.datasync.config.internal;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.kit.web.ApiException;
import io.datasync.models.internal.ResolvedConnection;
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
    public ResolvedConnection connection(@PathVariable String name) {
        return catalog.resolve(name)
                .map(InternalAnswers::connection)
                .orElseThrow(() -> ApiException.notFound("connection", name));
    }
}
