package dev.microlab.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.microlab.messaging.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between this API's {@link Message} and the RabbitMQ client's properties and header values. */
final class AmqpValues {

    private AmqpValues() {
    }

    static AMQP.BasicProperties propertiesOf(Message m) {
        Map<String, Object> headers = new LinkedHashMap<>();
        m.headers().forEach((k, v) -> headers.put(k, toAmqp(v)));
        return new AMQP.BasicProperties.Builder()
                .messageId(m.messageId().orElse(null))
                .correlationId(m.correlationId().orElse(null))
                .type(m.type().orElse(null))
                .contentType(m.contentType().orElse(null))
                .expiration(m.expiration().map(d -> Long.toString(d.toMillis())).orElse(null))
                .deliveryMode(m.persistent() ? 2 : 1)
                .headers(headers.isEmpty() ? null : headers)
                .build();
    }

    static Message messageOf(AMQP.BasicProperties p, byte[] body) {
        Message m = Message.of(body == null ? new byte[0] : body)
                .withMessageId(p.getMessageId())
                .withCorrelationId(p.getCorrelationId())
                .withType(p.getType())
                .withContentType(p.getContentType())
                .withPersistent(p.getDeliveryMode() == null || p.getDeliveryMode() == 2);
        if (p.getExpiration() != null) {
            try {
                m = m.withExpiration(Duration.ofMillis(Long.parseLong(p.getExpiration())));
            } catch (NumberFormatException e) {
                // not set by this API: leave it out rather than fail the delivery
            }
        }
        if (p.getHeaders() != null) {
            Map<String, Object> headers = new LinkedHashMap<>();
            p.getHeaders().forEach((k, v) -> {
                if (v != null) {
                    headers.put(k, fromAmqp(v));
                }
            });
            m = m.withHeaders(headers);
        }
        return m;
    }

    static Object toAmqp(Object v) {
        if (v instanceof Instant i) {
            return Date.from(i);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(o -> out.add(toAmqp(o)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, o) -> out.put((String) k, toAmqp(o)));
            return out;
        }
        return v;
    }

    static Object fromAmqp(Object v) {
        if (v instanceof LongString s) {
            return s.toString();
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof Byte || v instanceof Short) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof Double) {
            return v;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o != null) {
                    out.add(fromAmqp(o));
                }
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, o) -> {
                if (o != null) {
                    out.put(String.valueOf(k), fromAmqp(o));
                }
            });
            return out;
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }
}
