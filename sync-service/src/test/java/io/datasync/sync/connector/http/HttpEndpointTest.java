package io.datasync.sync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.ConnectorException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

    @Test
    void credentialsBecomeTheirHeaders() {
        assertThat(endpoint(Map.of("type", "basic", "username", "ann", "password", "s3cret"))
                        .auth()
                        .header())
                .containsExactly("Authorization", "Basic YW5uOnMzY3JldA==");
        assertThat(endpoint(Map.of("type", "bearer", "token", "tok-1")).auth().header())
                .containsExactly("Authorization", "Bearer tok-1");
        assertThat(endpoint(Map.of("type", "header", "headerName", "X-Api-Key", "headerValue", "k-1"))
                        .auth()
                        .header())
                .containsExactly("X-Api-Key", "k-1");
        assertThat(new HttpEndpoint(Map.of("baseUrl", "https://api.example.com"))
                        .auth()
                        .header())
                .isNull();
    }

    @Test
    void noCredentialShowsInItsTextOrInRedactedText() {
        HttpEndpoint basic = endpoint(Map.of("type", "basic", "username", "ann", "password", "s3cret"));
        HttpEndpoint header = endpoint(Map.of("type", "header", "headerName", "X-Api-Key", "headerValue", "k-1"));

        assertThat(basic.toString()).contains("ann").doesNotContain("s3cret", "YW5uOnMzY3JldA==");
        assertThat(header.toString()).contains("X-Api-Key").doesNotContain("k-1");
        assertThat(basic.redact("echo: Basic YW5uOnMzY3JldA== s3cret")).isEqualTo("echo: Basic **** ****");
    }

    @Test
    void incompleteSettingsArePermanentSync001() {
        for (Map<String, Object> settings : java.util.List.<Map<String, Object>>of(
                Map.of(),
                Map.of("baseUrl", "ftp://files.example.com"),
                Map.of("baseUrl", "https://user:pw@api.example.com"),
                Map.of("baseUrl", "https://api.example.com", "auth", Map.of("type", "bearer")),
                Map.of("baseUrl", "https://api.example.com", "auth", Map.of("type", "oauth")))) {
            assertThatThrownBy(() -> new HttpEndpoint(settings))
                    .as(settings.toString())
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("SYNC-001");
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.getMessage()).doesNotContain("pw");
                    });
        }
    }

    @Test
    void pathsAreAppendedToTheBaseUrlAndOnlyItsOriginIsTrusted() {
        HttpEndpoint endpoint = new HttpEndpoint(Map.of("baseUrl", "https://api.example.com/v2"));

        assertThat(endpoint.resolve("/orders")).isEqualTo(URI.create("https://api.example.com/v2/orders"));
        assertThat(endpoint.resolve("orders")).isEqualTo(URI.create("https://api.example.com/v2/orders"));
        assertThat(endpoint.sameOrigin(URI.create("https://API.example.com:443/other?page=2")))
                .isTrue();
        assertThat(endpoint.sameOrigin(URI.create("https://evil.example.com/v2/orders")))
                .isFalse();
        assertThat(endpoint.sameOrigin(URI.create("http://api.example.com/v2/orders")))
                .as("no downgrade to plain text")
                .isFalse();
        assertThat(endpoint.sameOrigin(URI.create("https://api.example.com:8443/v2")))
                .isFalse();
    }

    private static HttpEndpoint endpoint(Map<String, Object> auth) {
        return new HttpEndpoint(Map.of("baseUrl", "https://api.example.com", "auth", auth));
    }
}
