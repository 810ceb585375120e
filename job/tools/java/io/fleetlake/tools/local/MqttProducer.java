package io.fleetlake.tools.local;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttPublisher;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code fleetlake produce-mqtt}: publishes the simulated fleet's messages to a broker, on the
 * topics real devices use ({@code $aws/things/<thing>/shadow/update[/documents]}, {@code
 * dt/<device>/...}), with QoS 1, at a steady rate in real time. For local runs against Mosquitto
 * and demos.
 *
 * <pre>
 * fleetlake produce-mqtt --broker URL [--rate N] [--events N] [--topic-prefix P]
 *     [--mqtt-version 5|3] [--client-id ID] [--username U] [--password P (or $FLEETLAKE_MQTT_PASSWORD)]
 *     [--certificate PEM --private-key PEM] [--ca-certificate PEM]
 *     [--vehicles N] [--sensors N] [--seed N] [--malformed-ratio R]
 * </pre>
 */
public final class MqttProducer {
    static final String USAGE =
            "usage: fleetlake produce-mqtt --broker URL [--rate N] [--events N] "
                    + "[--topic-prefix P] [--mqtt-version 5|3] [--client-id ID] [--username U] [--password P] "
                    + "[--certificate PEM --private-key PEM] [--ca-certificate PEM] [--vehicles N] [--sensors N] [--seed N] "
                    + "[--malformed-ratio R]";

    /** Unacknowledged publishes in flight at most (AWS IoT Core allows a client 100). */
    private static final int MAX_IN_FLIGHT = 100;

    private final PrintStream out;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    MqttProducer(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            System.exit(0);
        }
        int code;
        try {
            MqttProducer producer = new MqttProducer(System.out);
            Thread main = Thread.currentThread();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        if (producer.finished.get()) {
                                            return;
                                        }
                                        // Ctrl-C: stop publishing, wait for the broker's
                                        // acknowledgements of what is in flight.
                                        producer.stop.set(true);
                                        try {
                                            main.join(15_000);
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                    },
                                    "produce-mqtt-stop"));
            try {
                code = producer.run(args);
            } finally {
                producer.finished.set(true);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake produce-mqtt: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("fleetlake produce-mqtt: failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /** Parsed command line. */
    static final class Options {
        MqttConnectionConfig connection;
        String clientId = "fleetlake-producer";
        double rate = 20;
        long events = -1;
        String topicPrefix = "";
        int vehicles = 30;
        int sensors = 12;
        long seed = 42;
        double malformedRatio = 0.002;
    }

    static Options parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            if (flags.put(a, args[++i]) != null) {
                throw new IllegalArgumentException(a + " given twice");
            }
        }
        Options o = new Options();
        String broker = flags.remove("--broker");
        if (broker == null) {
            throw new IllegalArgumentException("--broker is required (e.g. tcp://127.0.0.1:1883)");
        }
        MqttConnectionConfig.Builder c = MqttConnectionConfig.builder().broker(broker);
        String password =
                flags.containsKey("--password")
                        ? flags.remove("--password")
                        : System.getenv("FLEETLAKE_MQTT_PASSWORD");
        c.credentials(flags.remove("--username"), password);
        c.clientCertificate(flags.remove("--certificate"), flags.remove("--private-key"));
        c.caCertificate(flags.remove("--ca-certificate"));
        if (flags.containsKey("--mqtt-version")) {
            c.mqttVersion((int) number("--mqtt-version", flags.remove("--mqtt-version")));
        }
        if (flags.containsKey("--client-id")) {
            o.clientId = flags.remove("--client-id");
        }
        if (flags.containsKey("--rate")) {
            o.rate = number("--rate", flags.remove("--rate"));
            if (o.rate <= 0) {
                throw new IllegalArgumentException("--rate must be > 0");
            }
        }
        if (flags.containsKey("--events")) {
            o.events = (long) number("--events", flags.remove("--events"));
            if (o.events <= 0) {
                throw new IllegalArgumentException("--events must be > 0");
            }
        }
        if (flags.containsKey("--topic-prefix")) {
            o.topicPrefix = flags.remove("--topic-prefix");
        }
        if (flags.containsKey("--vehicles")) {
            o.vehicles = (int) number("--vehicles", flags.remove("--vehicles"));
        }
        if (flags.containsKey("--sensors")) {
            o.sensors = (int) number("--sensors", flags.remove("--sensors"));
        }
        if (flags.containsKey("--seed")) {
            o.seed = (long) number("--seed", flags.remove("--seed"));
        }
        if (flags.containsKey("--malformed-ratio")) {
            o.malformedRatio = number("--malformed-ratio", flags.remove("--malformed-ratio"));
        }
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown argument '" + flags.keySet().iterator().next() + "'");
        }
        o.connection = c.build();
        return o;
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": expected a number, got '" + value + "'");
        }
    }

    int run(String[] args) throws Exception {
        Options o = parse(args);
        FleetSimulator fleet =
                new FleetSimulator(
                        o.seed,
                        System.currentTimeMillis(),
                        o.rate,
                        o.vehicles,
                        o.sensors,
                        o.malformedRatio);
        out.printf(
                Locale.ROOT,
                "fleetlake produce-mqtt: %s, %s events at %.1f/s, QoS %d%n",
                o.connection.brokerAddress(),
                o.events < 0 ? "unbounded (Ctrl-C stops)" : Long.toString(o.events),
                o.rate,
                o.connection.qos());
        long sent = 0;
        long started = System.nanoTime();
        long lastReport = started;
        Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        try (MqttPublisher publisher = MqttSourceFactory.publisher(o.connection, o.clientId)) {
            while (!stop.get() && (o.events < 0 || sent < o.events)) {
                long due = started + (long) (sent * 1e9 / o.rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                RawMessage m = fleet.event(sent);
                inFlight.add(publisher.publishAsync(o.topicPrefix + m.topic, m.payload));
                sent++;
                while (inFlight.size() >= MAX_IN_FLIGHT
                        || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
                    inFlight.poll().get(60, TimeUnit.SECONDS);
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    out.printf(
                            Locale.ROOT,
                            "[%4ds] published %,d%n",
                            (lastReport - started) / 1_000_000_000L,
                            sent);
                }
            }
            for (CompletableFuture<?> f : inFlight) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        out.printf(
                Locale.ROOT,
                "fleetlake produce-mqtt: published %,d messages in %.1f s, all acknowledged%n",
                sent,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
