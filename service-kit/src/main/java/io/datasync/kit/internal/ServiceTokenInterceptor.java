package io.datasync.kit.internal;

import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ServiceToken;
import io.datasync.models.problem.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Admits a request to {@code /internal/**} only with the configured service token in {@code X-Service-Token}; any
 * other request gets a 401 problem. The comparison is constant-time (over SHA-256 digests, so not even the token's
 * length leaks), and an empty configured token refuses everything.
 */
public class ServiceTokenInterceptor implements HandlerInterceptor {

    /** The header carrying the token. */
    public static final String HEADER = ServiceToken.HEADER;

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenInterceptor.class);

    private final byte[] expected;
    private final String closed;

    /**
     * @param token the token callers must send; null or empty closes the internal API
     * @param closed why the internal API is closed and how to open it, the detail of every refusal while it is, e.g.
     *     {@code config-service has no service token configured (datasync.config.internal.token / …)}
     */
    public ServiceTokenInterceptor(String token, String closed) {
        this.expected = token == null || token.isEmpty() ? null : digest(token);
        this.closed = closed;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String given = request.getHeader(HEADER);
        if (expected == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "the internal API is closed: " + closed);
        }
        if (given == null || !MessageDigest.isEqual(expected, digest(given))) {
            log.warn(
                    "Refused {} {} from {}: {} service token",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr(),
                    given == null ? "no" : "wrong");
            throw new ApiException(ErrorCode.UNAUTHORIZED, "a valid " + HEADER + " header is required");
        }
        return true;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
