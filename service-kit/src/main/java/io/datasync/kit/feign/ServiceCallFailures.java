package io.datasync.kit.feign;

import feign.Capability;
import feign.FeignException;
import feign.InvocationHandlerFactory;
import feign.RetryableException;
import feign.codec.DecodeException;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failures that never reach an {@link feign.codec.ErrorDecoder}, turned into a 503 {@link ServiceCallException}
 * naming the called service, as {@link ServiceErrorDecoder} does for error answers: a connection refused or timing
 * out, an answer not given within the read timeout, a 2xx answer that cannot be read. Feign's own exceptions name the
 * request URL; these do not (it is logged at DEBUG for whoever needs it).
 */
public class ServiceCallFailures implements Capability {

    private static final Logger log = LoggerFactory.getLogger(ServiceCallFailures.class);

    private final FeignProperties properties;

    public ServiceCallFailures(FeignProperties properties) {
        this.properties = properties;
    }

    @Override
    public InvocationHandlerFactory enrich(InvocationHandlerFactory factory) {
        return (target, dispatch) -> {
            InvocationHandler handler = factory.create(target, dispatch);
            String service = target.name();
            return (proxy, method, args) -> {
                try {
                    return handler.invoke(proxy, method, args);
                } catch (ServiceCallException e) {
                    throw e;
                } catch (FeignException e) {
                    log.debug("Call {}.{} to {} failed", target.type().getSimpleName(), method.getName(), service, e);
                    throw translate(service, e);
                }
            };
        };
    }

    ServiceCallException translate(String service, FeignException e) {
        int status = Math.max(0, e.status());
        if (e instanceof DecodeException) {
            return ServiceCallException.unavailable(
                    service, status, service + " did not answer: its answer could not be read", e);
        }
        if (e instanceof RetryableException && e.getCause() instanceof IOException io) {
            return ServiceCallException.unavailable(service, 0, service + " did not answer" + transport(io), e);
        }
        return ServiceCallException.unavailable(service, status, service + " did not answer: the call failed", e);
    }

    private String transport(IOException e) {
        if (e instanceof SocketTimeoutException) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("connect")
                    ? ": no connection within " + properties.connectTimeout().toMillis() + " ms"
                    : " within " + properties.readTimeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return ": the connection was refused";
        }
        if (e instanceof UnknownHostException) {
            return ": its host name cannot be resolved";
        }
        return ": the connection failed";
    }
}
