package dev.ripple.cascade.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Spring Cloud Stream binding {@code correlate-in-0}: batches of shares, follows and following snapshots (one
 * binding over the three co-partitioned topics, so one consumer sees an account's events together).
 */
@Configuration(proxyBeanMethods = false)
class IntakeBinding {

    @Bean
    Consumer<Message<List<byte[]>>> correlate(Intake intake) {
        return batch -> intake.accept(records(batch));
    }

    /**
     * A batch that fails for a transient reason is retried with exponential back-off (1 s doubling to 1 min) for as
     * long as it takes: the database coming back must not find events skipped.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryUntilRecovered() {
        return (container, destination, group) -> {
            ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
            backOff.setMaxInterval(60_000);
            container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        };
    }

    @SuppressWarnings("unchecked")
    static List<InboundRecord> records(Message<List<byte[]>> batch) {
        MessageHeaders headers = batch.getHeaders();
        List<byte[]> payloads = batch.getPayload();
        List<String> topics = (List<String>) headers.get(KafkaHeaders.RECEIVED_TOPIC);
        List<Integer> partitions = (List<Integer>) headers.get(KafkaHeaders.RECEIVED_PARTITION);
        List<Long> offsets = (List<Long>) headers.get(KafkaHeaders.OFFSET);
        List<Object> keys = (List<Object>) headers.get(KafkaHeaders.RECEIVED_KEY);
        List<Map<String, Object>> recordHeaders =
                (List<Map<String, Object>>) headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        List<InboundRecord> records = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            Object key = at(keys, i);
            records.add(new InboundRecord(
                    (String) at(topics, i),
                    (Integer) at(partitions, i),
                    (Long) at(offsets, i),
                    key == null
                            ? null
                            : key instanceof byte[] raw
                                    ? new String(raw, java.nio.charset.StandardCharsets.UTF_8)
                                    : key.toString(),
                    payloads.get(i),
                    recordHeaders == null || recordHeaders.size() <= i ? Map.of() : recordHeaders.get(i)));
        }
        return records;
    }

    private static <T> T at(List<T> values, int index) {
        return values == null || values.size() <= index ? null : values.get(index);
    }
}
