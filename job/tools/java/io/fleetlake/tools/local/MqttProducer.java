package io.fleetlake.tools.local;

import io.fleetlake.connectors.mqtt.MqttConnectionConfig;
import io.fleetlake.connectors.mqtt.MqttPublisher;
import io.fleetlake.connectors.mqtt.MqttSourceFactory;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Option;

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
    static final String USAGE = "the flags: ./fleetlake produce-mqtt --help";

    /** Unacknowledged publishes in flight at most (AWS IoT Core allows a client 100). */
    private static final int MAX_IN_FLIGHT = 100;

    private final PrintStream out;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    MqttProducer(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
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

    /**
     * The command line, declared once: {@code ./fleetlake produce-mqtt --help} and {@code
     * docs/cli.md} read these annotations ({@link FleetlakeCli.ProduceMqtt} mixes them in), and
     * {@link #parse} fills them.
     */
    public static final class Options {
        @Option(
                order = 1,
                names = "--broker",
                paramLabel = "URL",
                description = "The broker, e.g. tcp://127.0.0.1:1883 or ssl://HOST:8883.")
        String broker;

        @Option(
                order = 2,
                names = "--rate",
                paramLabel = "N",
                converter = KinesisProduceCommand.PositiveNumber.class,
                description = "Messages per second. Default: 20.")
        double rate = 20;

        @Option(
                order = 3,
                names = "--events",
                paramLabel = "N",
                converter = KinesisProduceCommand.PositiveNumber.class,
                description = "Stop after N messages. Default: unbounded, until Ctrl-C.")
        void events(double n) {
            events = (long) n;
        }

        long events = -1;

        @Option(
                order = 4,
                names = "--topic-prefix",
                paramLabel = "P",
                description = "Put before every topic (e.g. a test's own namespace).")
        String topicPrefix = "";

        @Option(
                order = 5,
                names = "--mqtt-version",
                paramLabel = "5|3",
                description = "MQTT protocol version. Default: the connection's default.")
        Integer mqttVersion;

        @Option(
                order = 6,
                names = "--client-id",
                paramLabel = "ID",
                description = "Default: fleetlake-producer.")
        String clientId = "fleetlake-producer";

        @Option(order = 7, names = "--username", paramLabel = "U")
        String username;

        @Option(
                order = 8,
                names = "--password",
                paramLabel = "P",
                description = "Default: $FLEETLAKE_MQTT_PASSWORD.")
        String password;

        @Option(
                order = 9,
                names = "--certificate",
                paramLabel = "PEM",
                description = "Client certificate (X.509 PEM), with --private-key (AWS IoT Core).")
        String certificate;

        @Option(order = 10, names = "--private-key", paramLabel = "PEM")
        String privateKey;

        @Option(
                order = 11,
                names = "--ca-certificate",
                paramLabel = "PEM",
                description = "CA to trust instead of the JVM's (e.g. AmazonRootCA1.pem).")
        String caCertificate;

        @Option(order = 12, names = "--vehicles", paramLabel = "N", description = "Default: 30.")
        int vehicles = 30;

        @Option(order = 13, names = "--sensors", paramLabel = "N", description = "Default: 12.")
        int sensors = 12;

        @Option(order = 14, names = "--seed", paramLabel = "N", description = "Default: 42.")
        long seed = 42;

        @Option(
                order = 15,
                names = "--malformed-ratio",
                paramLabel = "R",
                description =
                        "Share of deliberately broken messages (dead letters). Default: 0.002.")
        double malformedRatio = 0.002;

        MqttConnectionConfig connection;
    }

    static Options parse(String[] args) {
        Options o = CliFlags.parse(new Options(), args);
        if (o.broker == null) {
            throw new IllegalArgumentException("--broker is required (e.g. tcp://127.0.0.1:1883)");
        }
        MqttConnectionConfig.Builder c = MqttConnectionConfig.builder().broker(o.broker);
        c.credentials(
                o.username,
                o.password != null ? o.password : System.getenv("FLEETLAKE_MQTT_PASSWORD"));
        c.clientCertificate(o.certificate, o.privateKey);
        c.caCertificate(o.caCertificate);
        if (o.mqttVersion != null) {
            c.mqttVersion(o.mqttVersion);
        }
        o.connection = c.build();
        return o;
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
