package io.datasync.config.connection;

import io.datasync.config.audit.Audited;
import io.datasync.kit.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public connections API. Bodies are read as plain JSON objects and checked by the connection type's declared
 * settings, so every problem is reported at once with its JSON pointer.
 */
@RestController
@RequestMapping("${datasync.service.api-base}/connections")
public class ConnectionController {

    private final ConnectionService connections;

    ConnectionController(ConnectionService connections) {
        this.connections = connections;
    }

    @PostMapping
    @Audited(resource = "connection", action = "create")
    public ResponseEntity<ConnectionView> create(@RequestBody Map<String, Object> body) {
        ConnectionView created = connections.create(body);
        // relative, as for jobs: an absolute URL would name this service's own address behind the gateway
        return ResponseEntity.created(URI.create("/api/config/connections/" + created.id()))
                .body(created);
    }

    @GetMapping("/{id}")
    public ConnectionView get(@PathVariable String id) {
        return connections.get(id);
    }

    @GetMapping
    public Page<ConnectionView> list(
            @RequestParam(required = false) String type,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(ConnectionService.MAX_PAGE_SIZE) int size) {
        return connections.list(type, page, size);
    }

    @PutMapping("/{id}")
    @Audited(resource = "connection", action = "update")
    public ConnectionView update(@PathVariable String id, @RequestBody Map<String, Object> body) {
        return connections.update(id, body);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Audited(resource = "connection", action = "delete")
    public void delete(@PathVariable String id) {
        connections.delete(id);
    }
}
