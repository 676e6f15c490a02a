/**
 * How every service calls another one through Feign, set up once for every {@code @FeignClient}: explicit connect and
 * read timeouts ({@code datasync.service.feign.*}), the caller's correlation id on every request, and one reading of
 * failures — the called service's 4xx problem becomes an {@link io.datasync.kit.web.ApiException} with its stable code,
 * detail and field errors (the caller answers with the same 4xx), while a 5xx, a timeout, an unreachable service or an
 * unreadable answer becomes a 503 naming the called service. No problem ever shows the called service's address or its
 * raw answer.
 *
 * <p>Spring Cloud OpenFeign 5 decodes 2xx answers with {@code FeignHttpMessageConverters}, which applies Spring Boot's
 * {@code ClientHttpMessageConvertersCustomizer}: the service's own Jackson 3 {@code JsonMapper}. The internal answers
 * ({@code io.datasync.models.internal}) carry their own (de)serializers for the definition parts, so that mapper reads
 * them as config-service wrote them.
 */
package io.datasync.kit.feign;
