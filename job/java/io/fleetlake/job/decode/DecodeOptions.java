package io.fleetlake.job.decode;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The decoder's plausibility limits, options of the {@code Job} group: what the decoder refuses to
 * put in the lake (see docs/architecture.md, "The lake contract"). Read into {@link
 * DecodeLimits#fromConfiguration}.
 */
public final class DecodeOptions {
    private DecodeOptions() {}

    public static final ConfigOption<String> MIN_EVENT_TIME =
            ConfigOptions.key("min-event-time")
                    .stringType()
                    .defaultValue("2000-01-01T00:00:00Z")
                    .withDescription(
                            "Earliest event time a row may have (ISO-8601 instant); earlier times go to "
                                    + "dead_letter as implausible_time.");
    public static final ConfigOption<Duration> MAX_EVENT_TIME_AHEAD =
            ConfigOptions.key("max-event-time-ahead")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "How far after the current time an event time may be; later times go to "
                                    + "dead_letter as implausible_time.");
    public static final ConfigOption<MemorySize> MAX_MESSAGE_BYTES =
            ConfigOptions.key("max-message-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("256 kb"))
                    .withDescription(
                            "Largest message decoded (twice AWS IoT Core's limit); a larger one goes to "
                                    + "dead_letter as too_large with only its first "
                                    + DecodeLimits.DEAD_LETTER_PREFIX_BYTES
                                    + " bytes.");
    public static final ConfigOption<Integer> MAX_TEXT_LENGTH =
            ConfigOptions.key("max-text-length")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Longest text value (characters) a row may hold: device id, thing name, topic, "
                                    + "attribute names and values, heading, address. A message with a longer one goes to "
                                    + "dead_letter as too_large (nothing is truncated).");
}
