package io.datasync.kit.correlation;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts each Kafka record's correlation id ({@link Correlation#of}) into the logging context of the listener thread
 * while a listener handles it, and removes it afterwards, so every {@code @KafkaListener} of every service logs, calls
 * other services and appends events with the id of the request or command that caused the record. Spring Boot sets a
 * single {@code RecordInterceptor} bean on its listener container factory.
 */
public class CorrelationRecordInterceptor implements RecordInterceptor<Object, Object> {

    @Override
    public ConsumerRecord<Object, Object> intercept(
            ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        String id = Correlation.of(record);
        if (id == null) {
            org.slf4j.MDC.remove(Correlation.MDC_KEY);
        } else {
            org.slf4j.MDC.put(Correlation.MDC_KEY, id);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        org.slf4j.MDC.remove(Correlation.MDC_KEY);
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        org.slf4j.MDC.remove(Correlation.MDC_KEY);
    }
}
