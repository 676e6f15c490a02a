package io.datasync.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodySizeLimitFilterTest {

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(1024, Map.of("/api/sync/push/", 4096L));

    @Test
    void aPathWithItsOwnLimitGetsTheLargerOneAndOthersTheDefault() {
        assertThat(filter.limitFor("/api/sync/push/6f1c")).isEqualTo(4096);
        assertThat(filter.limitFor("/api/sync/jobs")).isEqualTo(1024);
        assertThat(filter.limitFor("/api/sync/pushy")).isEqualTo(1024);
        assertThat(new BodySizeLimitFilter(8192, Map.of("/api/sync/push/", 4096L)).limitFor("/api/sync/push/x"))
                .as("a per-path limit never lowers the default")
                .isEqualTo(8192);
    }

    @Test
    void aDeclaredLengthOverThePathsLimitIsA413BeforeAnythingIsRead() throws Exception {
        MockHttpServletResponse pushed = send("/api/sync/push/j", 3000);
        assertThat(pushed.getStatus()).isEqualTo(200);

        MockHttpServletResponse tooLarge = send("/api/sync/push/j", 5000);
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(tooLarge.getContentAsString()).contains("larger than the limit of 4096 bytes");

        assertThat(send("/api/sync/jobs", 3000).getStatus()).isEqualTo(413);
    }

    private MockHttpServletResponse send(String path, int length) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContent(new byte[length]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
