package io.fleetlake.connectors.influx;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * The one entry point to the Influx connector: builds {@link InfluxSink}s for one server and target
 * ({@link InfluxSettings}). The element converter the caller gives turns its elements into {@link
 * InfluxLine}s (with {@link LineProtocol}), so the connector knows nothing about the application's
 * types.
 *
 * <pre>{@code
 * InfluxSinkFactory influx = new InfluxSinkFactory(InfluxSettings.fromConfiguration(config.section(INFLUX)));
 * DataStream<DeadLetter> rejected = influx.sink(readingToLine).writeTo(readings, "influx: reading",
 *         "influx-readings", toDeadLetter, TypeInformation.of(DeadLetter.class));
 * }</pre>
 */
public final class InfluxSinkFactory {
    private final InfluxSettings settings;

    public InfluxSinkFactory(InfluxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public InfluxSettings settings() {
        return settings;
    }

    /** A sink writing the lines {@code converter} makes, batched as the settings say. */
    public <T> InfluxSink<T> sink(ElementConverter<T, InfluxLine> converter) {
        // One AsyncSinkBase "request" may take several HTTP requests (a 400 isolating a bad line by
        // halving, a
        // retry after Retry-After): give it far longer than one request before AsyncSinkWriter
        // re-queues it.
        Duration whole =
                settings.requestTimeout()
                        .multipliedBy(20)
                        .plus(settings.maxRetryBackoff())
                        .plus(Duration.ofMinutes(5));
        return new InfluxSink<>(
                Objects.requireNonNull(converter, "element converter"),
                settings,
                settings.maxBatchSize(),
                settings.maxBatchBytes(),
                settings.maxBufferTime().toMillis(),
                whole.toMillis());
    }
}
