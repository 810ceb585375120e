package io.fleetlake.job.decode;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes every raw message and routes what it holds: readings to the main output, breadcrumbs and
 * dead letters to side outputs. Counts each outcome in the {@code fleetlake} metric group: {@code
 * messagesIn}, {@code readingsOut}, {@code breadcrumbsOut}, {@code deadLetters} and {@code
 * deadLetters_<reason>}.
 */
public class DecodeAndRoute extends ProcessFunction<RawMessage, Reading> {
    private static final long serialVersionUID = 1L;

    /** Side output of position reports. */
    public static final OutputTag<Breadcrumb> BREADCRUMBS = new OutputTag<>("breadcrumbs") {};

    /** Side output of messages that could not be decoded. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Metric group all Fleetlake counters live in. */
    public static final String METRIC_GROUP = "fleetlake";

    private final MessageNormalizer normalizer;

    private transient Counter messagesIn;
    private transient Counter readingsOut;
    private transient Counter breadcrumbsOut;
    private transient Counter deadLetters;
    private transient Map<String, Counter> deadLettersByReason;
    private transient MetricGroup metrics;
    private transient RoutingOutput output;

    public DecodeAndRoute(MessageNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
        messagesIn = metrics.counter("messagesIn");
        readingsOut = metrics.counter("readingsOut");
        breadcrumbsOut = metrics.counter("breadcrumbsOut");
        deadLetters = metrics.counter("deadLetters");
        deadLettersByReason = new HashMap<>();
        output = new RoutingOutput();
    }

    @Override
    public void processElement(RawMessage message, Context ctx, Collector<Reading> out) {
        messagesIn.inc();
        output.bind(ctx, out);
        normalizer.normalize(message, output);
    }

    /** Adapts the normalizer's output to this operator's outputs, counting as it goes. */
    private final class RoutingOutput implements MessageOutput {
        private Context ctx;
        private Collector<Reading> out;

        void bind(Context ctx, Collector<Reading> out) {
            this.ctx = ctx;
            this.out = out;
        }

        @Override
        public void reading(Reading reading) {
            readingsOut.inc();
            out.collect(reading);
        }

        @Override
        public void breadcrumb(Breadcrumb breadcrumb) {
            breadcrumbsOut.inc();
            ctx.output(BREADCRUMBS, breadcrumb);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.inc();
            deadLettersByReason
                    .computeIfAbsent(
                            deadLetter.reasonCode, r -> metrics.counter("deadLetters_" + r))
                    .inc();
            ctx.output(DEAD_LETTERS, deadLetter);
        }
    }
}
