package io.datasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import feign.FeignException;
import feign.Request;
import feign.Response;
import io.datasync.sync.connector.spi.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigServiceErrorsTest {

    @Test
    void aRefusedTokenIsPermanentAndSaysWhichSetting() {
        for (int status : new int[] {401, 403}) {
            ConnectorException e = ConfigServiceErrors.of(answer(status, ""), "rule set orders");
            assertThat(e.code()).isEqualTo("SYNC-010");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("datasync.sync.internal-token").contains("rule set orders");
        }
    }

    @Test
    void aDefinitionConfigServiceCannotResolveIsPermanentWithItsReason() {
        ConnectorException e = ConfigServiceErrors.of(answer(409, "connection pg-main was deleted"), "job j1");
        assertThat(e.code()).isEqualTo("SYNC-011");
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("job j1").contains("connection pg-main was deleted");
    }

    @Test
    void anythingElseIsRetriable() {
        for (int status : new int[] {500, 502, 503, 504, 429}) {
            ConnectorException e = ConfigServiceErrors.of(answer(status, ""), "connection pg-main");
            assertThat(e.code()).as("%s", status).isEqualTo("SYNC-012");
            assertThat(e.retriable()).isTrue();
        }
    }

    private static FeignException answer(int status, String body) {
        Request request = Request.create(
                Request.HttpMethod.GET,
                "http://config-service/internal/x",
                Map.of(),
                null,
                StandardCharsets.UTF_8,
                null);
        Response response = Response.builder()
                .status(status)
                .reason("reason")
                .request(request)
                .headers(Map.of())
                .body(body, StandardCharsets.UTF_8)
                .build();
        return FeignException.errorStatus("ConfigClient#x()", response);
    }
}
