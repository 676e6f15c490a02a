package io.datasync.config.catalog;

import io.datasync.kit.web.ApiException;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.Connectors;
import io.datasync.models.option.OptionDoc;
import io.datasync.models.transform.TransformCatalog;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/config/connectors}: every connector kind with its connection settings, source and target options
 * (type, default, doc, secret flag, rules) and what it supports (incremental modes, write modes, tables, split);
 * {@code GET /api/config/transforms}: every transform with the shape of its config. Both are rendered from the same
 * declarations that validate jobs at save, so they cannot drift from what the platform accepts.
 */
@RestController
@RequestMapping("${datasync.service.api-base}")
class CatalogController {

    @GetMapping("/connectors")
    List<ConnectorDescriptor.Doc> connectors() {
        return Connectors.all().stream().map(ConnectorDescriptor::describe).toList();
    }

    @GetMapping("/connectors/{kind}")
    ConnectorDescriptor.Doc connector(@PathVariable String kind) {
        return Connectors.find(kind)
                .map(ConnectorDescriptor::describe)
                .orElseThrow(() -> ApiException.notFound("connector kind", kind));
    }

    @GetMapping("/transforms")
    List<OptionDoc> transforms() {
        return TransformCatalog.describe();
    }
}
