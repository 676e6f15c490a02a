package io.datasync.kit.feign;

import feign.RequestInterceptor;
import feign.RequestTemplate;
import io.datasync.kit.correlation.Correlation;

/**
 * Sends the correlation id of the work on the calling thread ({@link Correlation#current()}) as
 * {@code X-Correlation-Id} on every call, so the called service logs and answers with the same id.
 */
public class CorrelationIdInterceptor implements RequestInterceptor {

    @Override
    public void apply(RequestTemplate template) {
        String id = Correlation.current();
        template.removeHeader(Correlation.HEADER);
        if (Correlation.valid(id)) {
            template.header(Correlation.HEADER, id);
        }
    }
}
