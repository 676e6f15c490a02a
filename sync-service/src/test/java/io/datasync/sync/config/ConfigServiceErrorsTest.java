package io.datasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Request;
import feign.Response;
import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.feign.ServiceErrorDecoder;
import io.datasync.sync.connector.spi.ConnectorException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** config-service's answers, as service-kit's decoder reads them, and what they mean for a run. */
class ConfigServiceErrorsTest {

    private static final String URL = "http://10.1.2.3:8081/internal/jobs/j1";

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
    void aRequestConfigServiceRefusesIsPermanentWithItsReason() {
        ConnectorException conflict = ConfigServiceErrors.of(
                answer(409, "{\"status\":409,\"code\":\"COMMON-006\",\"detail\":\"connection pg-main was deleted\"}"),
                "job j1");
        assertThat(conflict.code()).isEqualTo("SYNC-011");
        assertThat(conflict.retriable()).isFalse();
        assertThat(conflict.getMessage())
                .isEqualTo("config-service cannot resolve job j1: connection pg-main was deleted");

        ConnectorException invalid = ConfigServiceErrors.of(
                answer(400, "{\"status\":400,\"code\":\"COMMON-001\",\"detail\":\"1 field is invalid\"}"), "job j1");
        assertThat(invalid.code()).isEqualTo("SYNC-011");
        assertThat(invalid.retriable()).isFalse();
    }

    @Test
    void noUsableAnswerIsRetriableAndNamesNeitherTheAddressNorTheBody() {
        for (int status : new int[] {500, 502, 503, 504, 429, 404}) {
            ConnectorException e =
                    ConfigServiceErrors.of(answer(status, "stack trace at " + URL), "connection pg-main");
            assertThat(e.code()).as("%s", status).isEqualTo("SYNC-012");
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage())
                    .startsWith("cannot get connection pg-main: config-service did not answer")
                    .doesNotContain("10.1.2.3", "stack trace", "/internal");
        }
    }

    private static ServiceCallException answer(int status, String body) {
        Request request = Request.create(
                Request.HttpMethod.GET, URL, Map.of(), null, StandardCharsets.UTF_8, new feign.RequestTemplate());
        request.requestTemplate()
                .feignTarget(new feign.Target.HardCodedTarget<>(ConfigClient.class, "config-service", URL));
        Response response = Response.builder()
                .status(status)
                .reason("reason")
                .request(request)
                .headers(Map.of())
                .body(body, StandardCharsets.UTF_8)
                .build();
        return (ServiceCallException) new ServiceErrorDecoder("sync-service").decode("ConfigClient#x()", response);
    }
}
