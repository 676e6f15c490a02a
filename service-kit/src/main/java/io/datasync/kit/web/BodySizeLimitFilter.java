package io.datasync.kit.web;

import io.datasync.models.problem.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code datasync.service.max-body-size} (or the larger limit of
 * {@code datasync.service.body-size-by-path} for paths starting with one of its keys) with a 413 problem detail: by
 * the declared length before reading anything, or, for a chunked body, as soon as the limit is crossed while reading.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long defaultMaxBytes;
    private final Map<String, Long> maxBytesByPath;

    public BodySizeLimitFilter(long maxBytes) {
        this(maxBytes, Map.of());
    }

    public BodySizeLimitFilter(long maxBytes, Map<String, Long> maxBytesByPath) {
        this.defaultMaxBytes = maxBytes;
        this.maxBytesByPath = Map.copyOf(maxBytesByPath);
    }

    /** The limit for a request path: the largest one whose prefix the path starts with, else the default. */
    long limitFor(String path) {
        long limit = defaultMaxBytes;
        for (Map.Entry<String, Long> entry : maxBytesByPath.entrySet()) {
            if (path != null && path.startsWith(entry.getKey())) {
                limit = Math.max(limit, entry.getValue());
            }
        }
        return limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = limitFor(request.getRequestURI());
        if (request.getContentLengthLong() > maxBytes) {
            ProblemDetail problem = Problems.complete(
                    Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(maxBytes)), request.getRequestURI());
            response.setHeader("Connection", "close");
            Problems.write(response, problem);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static String tooLarge(long maxBytes) {
        return "the request body is larger than the limit of " + maxBytes + " bytes";
    }

    /** Thrown while reading a body past the limit; the error mapping turns it into a 413. */
    public static final class BodyTooLargeException extends IOException {
        public BodyTooLargeException(long limit) {
            super("the request body is larger than the limit of " + limit + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
