package io.datasync.kit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ServiceTokenInterceptorTest {

    private static final String CLOSED = "test-service has no service token configured";

    @Test
    void admitsOnlyTheConfiguredToken() {
        ServiceTokenInterceptor interceptor = new ServiceTokenInterceptor("s3cret-token", CLOSED);

        assertThat(interceptor.preHandle(request("s3cret-token"), new MockHttpServletResponse(), new Object()))
                .isTrue();
        for (String wrong : new String[] {null, "", "s3cret-toke", "s3cret-token ", "S3CRET-TOKEN"}) {
            assertThatThrownBy(() -> interceptor.preHandle(request(wrong), new MockHttpServletResponse(), new Object()))
                    .as(String.valueOf(wrong))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        }
    }

    @Test
    void refusesEveryRequestWhenNoTokenIsConfigured() {
        InternalApiProperties properties = new InternalApiProperties("datasync.test.internal", "nothing works");
        properties.setToken("  ");
        ServiceTokenInterceptor closed = new ServiceTokenInterceptor(properties.getToken(), CLOSED);

        for (String token : new String[] {null, "", "anything"}) {
            assertThatThrownBy(() -> closed.preHandle(request(token), new MockHttpServletResponse(), new Object()))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("internal API is closed: " + CLOSED);
        }
    }

    @Test
    void neverShowsTheTokenInToString() {
        InternalApiProperties properties = new InternalApiProperties("datasync.test.internal", "nothing works");
        properties.setToken("s3cret-token");

        assertThat(properties.toString()).doesNotContain("s3cret").contains("datasync.test.internal.token");
    }

    private static MockHttpServletRequest request(String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/internal/connections/x");
        if (token != null) {
            request.addHeader(ServiceTokenInterceptor.HEADER, token);
        }
        return request;
    }
}
