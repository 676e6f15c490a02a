package io.datasync.config.connection;

import io.datasync.config.audit.Audited;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key rotation for connection secrets: {@code GET} shows which key ids the stored secrets are under, {@code POST
 * rotate} moves them all under the active key so older keys can be removed from the keyring.
 */
@RestController
@RequestMapping("${datasync.service.api-base}/keys")
public class KeyController {

    private final ConnectionService connections;

    KeyController(ConnectionService connections) {
        this.connections = connections;
    }

    @GetMapping
    public ConnectionService.KeyUsage usage() {
        return connections.keyUsage();
    }

    @PostMapping("/rotate")
    @Audited(resource = "keyring", action = "rotate")
    public ConnectionService.Rotation rotate() {
        return connections.rotate();
    }
}
