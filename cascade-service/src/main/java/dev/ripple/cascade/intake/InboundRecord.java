package dev.ripple.cascade.intake;

import java.util.Map;

/** One Kafka record of a consumed batch, with what is needed to dead-letter it unchanged. */
record InboundRecord(
        String topic, Integer partition, Long offset, String key, byte[] payload, Map<String, Object> headers) {}
