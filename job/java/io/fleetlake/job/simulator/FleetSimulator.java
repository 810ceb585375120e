package io.fleetlake.job.simulator;

import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.model.RawMessage;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A deterministic fleet: vehicles driving loop routes around Portland, Oregon (the seeds' fleet),
 * some of them speeding, refrigerated trucks whose cargo temperature drifts, and fixed sensors.
 * Event {@code i} is a pure function of (seed, start time, i), so runs are reproducible at any
 * parallelism and after any restore.
 *
 * <p>It emits the payloads real devices send, on their MQTT topics:
 *
 * <ul>
 *   <li>even vehicles: shadow documents on {@code $aws/things/{thing}/shadow/update/documents}
 *       ({@code current.state.reported}, {@code location.{lat,lon}}, speed and ignition as
 *       strings);
 *   <li>odd vehicles: shadow updates on {@code $aws/things/{thing}/shadow/update} ({@code
 *       state.reported}, {@code latitude/longitude}, numbers);
 *   <li>sensors in turn: telemetry on {@code dt/{device}/aggregate} ({@code yyyy-MM-dd HH:mm:ss}
 *       timestamps), measures on {@code dt/{device}/measures}, and {@code {ts,value}} arrays on
 *       {@code dt/{site}/{device}/temp};
 *   <li>a configurable share of truncated payloads, as flaky devices send.
 * </ul>
 */
public final class FleetSimulator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the fleet drives: downtown Portland, OR. */
    static final double CENTER_LAT = 45.5152;

    static final double CENTER_LON = -122.6784;

    /** Posted limit the speeders exceed (km/h); the registry example uses the same. */
    public static final double SPEED_LIMIT_KMH = 90.0;

    static final String[] STREETS = {
        "Northwest Lost Park Drive",
        "Southwest Broadway",
        "Northeast Sandy Boulevard",
        "Southeast Hawthorne Boulevard",
        "North Interstate Avenue",
        "Southwest Macadam Avenue",
        "Northwest 23rd Avenue",
        "Southeast Division Street"
    };
    static final String[] CITIES = {
        "Cedar Mill", "Portland", "Beaverton", "Gresham", "Milwaukie", "Tigard"
    };
    static final String[] COMPASS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};

    private final long seed;
    private final long startTime;
    private final double rate;
    private final int vehicles;
    private final int sensors;
    private final double malformedRatio;
    private transient List<Route> routes;

    /** Events to generate ({@code events} of the {@link SimulatorOptions}), -1 for unbounded. */
    public static long events(ReadableConfig config) {
        return config.get(SimulatorOptions.EVENTS);
    }

    /** Events per second of event time. */
    public double rate() {
        return rate;
    }

    /**
     * The simulator the {@link SimulatorOptions} in {@code config} describe.
     *
     * @param now the job's start time, epoch ms: the first event's time unless {@code start-time}
     *     is set
     */
    public static FleetSimulator fromConfiguration(ReadableConfig config, long now) {
        long start =
                config.getOptional(SimulatorOptions.START_TIME)
                        .map(
                                t -> {
                                    try {
                                        return EventTimes.parse(t);
                                    } catch (IllegalArgumentException e) {
                                        throw new IllegalArgumentException(
                                                "bad value '"
                                                        + t
                                                        + "' for '"
                                                        + SimulatorOptions.START_TIME.key()
                                                        + "': expected ISO-8601 or epoch ms");
                                    }
                                })
                        .orElse(now);
        return new FleetSimulator(
                config.get(SimulatorOptions.SEED),
                start,
                config.get(SimulatorOptions.RATE),
                config.get(SimulatorOptions.VEHICLES),
                config.get(SimulatorOptions.SENSORS),
                config.get(SimulatorOptions.MALFORMED_RATIO));
    }

    /**
     * @param seed random seed
     * @param startTime event time of event 0, epoch ms
     * @param rate events per second of event time
     * @param vehicles number of vehicles
     * @param sensors number of fixed sensors
     * @param malformedRatio share of truncated payloads, 0..1
     */
    public FleetSimulator(
            long seed,
            long startTime,
            double rate,
            int vehicles,
            int sensors,
            double malformedRatio) {
        if (rate <= 0) {
            throw new IllegalArgumentException("simulator rate must be > 0, got " + rate);
        }
        if (vehicles < 0 || sensors < 0 || vehicles + sensors == 0) {
            throw new IllegalArgumentException("simulator needs at least one vehicle or sensor");
        }
        if (malformedRatio < 0 || malformedRatio > 1) {
            throw new IllegalArgumentException(
                    "malformed-ratio must be in [0,1], got " + malformedRatio);
        }
        this.seed = seed;
        this.startTime = startTime;
        this.rate = rate;
        this.vehicles = vehicles;
        this.sensors = sensors;
        this.malformedRatio = malformedRatio;
    }

    public int entities() {
        return vehicles + sensors;
    }

    /** Thing name of vehicle {@code v}. */
    public static String thingName(int v) {
        return String.format(Locale.ROOT, "iotfleet_thc_%03d", 100 + v);
    }

    /** Device id of sensor {@code s}. */
    public static String sensorId(int s) {
        return String.format(Locale.ROOT, "sensor%02d", s);
    }

    /** True for refrigerated trucks. */
    public static boolean isReefer(int v) {
        return v % 4 == 0;
    }

    /** True for the vehicles that drive over the limit. */
    public static boolean isSpeeder(int v) {
        return v % 7 == 3;
    }

    /** Event time of event {@code index}. */
    public long eventTime(long index) {
        return startTime + (long) Math.floor(index * 1000.0 / rate);
    }

    /** The {@code index}-th event. */
    public RawMessage event(long index) {
        int entity = (int) (index % entities());
        long step = index / entities();
        long time = eventTime(index);
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        long arrival = time + 20 + rnd.nextInt(480);
        String topic;
        String payload;
        if (entity < vehicles) {
            int v = entity;
            String thing = thingName(v);
            if (v % 2 == 0) {
                topic = "$aws/things/" + thing + "/shadow/update/documents";
                payload = shadowDocument(v, step, time, rnd);
            } else {
                topic = "$aws/things/" + thing + "/shadow/update";
                payload = shadowUpdate(v, step, time, rnd);
            }
        } else {
            int s = entity - vehicles;
            String device = sensorId(s);
            switch (s % 3) {
                case 0:
                    topic = "dt/" + device + "/aggregate";
                    payload = telemetry(device, time, rnd);
                    break;
                case 1:
                    topic = "dt/" + device + "/measures";
                    payload = measures(step, time, rnd);
                    break;
                default:
                    topic = "dt/plant" + (1 + s % 2) + "/" + device + "/temp";
                    payload = aggregatedArray(device, time, rnd);
                    break;
            }
        }
        if (malformedRatio > 0 && rnd.nextDouble() < malformedRatio) {
            payload = payload.substring(0, Math.max(1, payload.length() / 2));
        }
        return RawMessage.json(
                "simulator", topic, topic, arrival, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The event index of entity {@code entity}'s {@code step}-th report. */
    private long index(int entity, long step) {
        return step * entities() + entity;
    }

    /** Seconds between two reports of the same entity. */
    private double reportIntervalSeconds() {
        return entities() / rate;
    }

    private Position position(int v, long step) {
        Route route = route(v);
        double distance = step * reportIntervalSeconds() * cruiseKmh(v) / 3.6;
        return route.at(distance);
    }

    private double cruiseKmh(int v) {
        SplittableRandom r = new SplittableRandom(mix(seed, -1 - v));
        return isSpeeder(v) ? 100 + r.nextDouble() * 25 : 35 + r.nextDouble() * 40;
    }

    private String shadowDocument(int v, long step, long time, SplittableRandom rnd) {
        Position p = position(v, step);
        Position prev = position(v, Math.max(0, step - 1));
        long version = step + 1;
        String current = reportedState(v, p, time, rnd);
        String previous =
                reportedState(
                        v,
                        prev,
                        time - Math.round(reportIntervalSeconds() * 1000),
                        new SplittableRandom(mix(seed, index(v, step - 1))));
        return "{\"previous\":{\"state\":{\"reported\":"
                + previous
                + "},\"version\":"
                + (version - 1)
                + "},"
                + "\"current\":{\"state\":{\"reported\":"
                + current
                + "},\"metadata\":{\"reported\":{\"speed\":"
                + "{\"timestamp\":"
                + time / 1000
                + "}}},\"version\":"
                + version
                + "},"
                + "\"timestamp\":"
                + time / 1000
                + "}";
    }

    private String shadowUpdate(int v, long step, long time, SplittableRandom rnd) {
        Position p = position(v, step);
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"state\":{\"reported\":{\"thingName\":\"").append(thingName(v)).append('"');
        sb.append(",\"latitude\":")
                .append(round(p.lat, 6))
                .append(",\"longitude\":")
                .append(round(p.lon, 6));
        sb.append(",\"speed\":").append(round(speed(v, p, rnd), 1));
        sb.append(",\"heading\":\"").append(p.heading).append('"');
        sb.append(",\"ignition\":").append(p.stopped ? "false" : "true");
        if (isReefer(v)) {
            sb.append(",\"temperature\":").append(round(reeferTemperature(v, time, rnd), 2));
        }
        sb.append(",\"ts\":").append(time).append("}},\"version\":").append(step + 1).append('}');
        return sb.toString();
    }

    private String reportedState(int v, Position p, long time, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"thingName\":\"").append(thingName(v)).append('"');
        sb.append(",\"location\":{\"lat\":")
                .append(round(p.lat, 8))
                .append(",\"lon\":")
                .append(round(p.lon, 8))
                .append('}');
        sb.append(",\"address\":\"").append(p.address).append('"');
        String speed = String.valueOf((long) Math.rint(speed(v, p, rnd)));
        // As in the seed: the device sends speed and ignition as strings.
        sb.append(",\"speed\":\"").append(speed).append('"');
        sb.append(",\"heading\":\"").append(p.heading).append('"');
        sb.append(",\"ignition\":\"").append(p.stopped ? "0" : "1").append('"');
        if (isReefer(v)) {
            sb.append(",\"temperature\":\"")
                    .append(round(reeferTemperature(v, time, rnd), 2))
                    .append('"');
        }
        sb.append('}');
        return sb.toString();
    }

    private double speed(int v, Position p, SplittableRandom rnd) {
        if (p.stopped) {
            return 0;
        }
        return Math.max(0, cruiseKmh(v) + gaussian(rnd) * 6);
    }

    /**
     * Cargo temperature: a -18 °C setpoint that drifts up over each 40-minute defrost/door cycle.
     */
    private double reeferTemperature(int v, long time, SplittableRandom rnd) {
        double cycle = ((time / 1000 + v * 600L) % 2400) / 2400.0;
        return -18 + 9 * cycle + gaussian(rnd) * 0.4;
    }

    private static String telemetry(String device, long time, SplittableRandom rnd) {
        // The seed's generator: temperature in [45, 92), humidity in [0, 100), second-resolution
        // timestamp.
        return "{\"device_id\":\""
                + device
                + "\",\"temperature\":"
                + (45 + 2 * rnd.nextInt(24))
                + ",\"humidity\":"
                + 2 * rnd.nextInt(50)
                + ",\"timestamp\":\""
                + EventTimes.formatSql(time)
                + "\"}";
    }

    private static String measures(long step, long time, SplittableRandom rnd) {
        return "{\"dataFormat\":5,\"rssi\":"
                + (-95 + rnd.nextInt(30))
                + ",\"temperature\":"
                + round(18 + rnd.nextDouble() * 10, 2)
                + ",\"humidity\":"
                + round(35 + rnd.nextDouble() * 20, 3)
                + ",\"pressure\":"
                + (100800 + rnd.nextInt(600))
                + ",\"accelerationX\":"
                + (rnd.nextInt(80) - 40)
                + ",\"accelerationY\":"
                + (rnd.nextInt(80) - 40)
                + ",\"accelerationZ\":"
                + (1000 + rnd.nextInt(30))
                + ",\"battery\":"
                + (2900 + rnd.nextInt(200))
                + ",\"txPower\":4,\"movementCounter\":"
                + step % 256
                + ",\"measurementSequenceNumber\":"
                + step
                + ",\"time\":\""
                + time
                + "\"}";
    }

    private static String aggregatedArray(String device, long time, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"sensor-id\":\"").append(device).append("\",\"temperature\":[");
        double t = 20 + rnd.nextDouble() * 5;
        for (int i = 4; i >= 0; i--) {
            t += gaussian(rnd) * 0.1;
            sb.append("{\"ts\":")
                    .append(time - i * 1000L)
                    .append(",\"value\":")
                    .append(round(t, 2))
                    .append('}');
            if (i > 0) {
                sb.append(',');
            }
        }
        return sb.append("]}").toString();
    }

    /**
     * Vehicle v's route: cached for fleets up to 20,000 vehicles, derived on demand for larger
     * (benchmark) fleets.
     */
    private Route route(int v) {
        if (vehicles > 20_000) {
            return Route.random(new SplittableRandom(mix(seed, Long.MIN_VALUE + v)));
        }
        return routes().get(v);
    }

    private List<Route> routes() {
        if (routes == null) {
            List<Route> rs = new ArrayList<>(vehicles);
            for (int v = 0; v < vehicles; v++) {
                rs.add(Route.random(new SplittableRandom(mix(seed, Long.MIN_VALUE + v))));
            }
            routes = rs;
        }
        return routes;
    }

    /**
     * A standard normal sample (Box-Muller; SplittableRandom has no nextGaussian before Java 17).
     */
    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.rint(v * f) / f;
    }

    /** SplitMix64 of (seed, index): independent, reproducible randomness per event. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A point on a route with what a vehicle there reports. */
    static final class Position {
        final double lat;
        final double lon;
        final String heading;
        final String address;
        final boolean stopped;

        Position(double lat, double lon, String heading, String address, boolean stopped) {
            this.lat = lat;
            this.lon = lon;
            this.heading = heading;
            this.address = address;
            this.stopped = stopped;
        }
    }

    /**
     * A closed loop through waypoints; a vehicle waits a while at the depot (waypoint 0) each lap.
     */
    static final class Route {
        final double[] lats;
        final double[] lons;
        final double[] cumulative;
        final String[] addresses;
        final double perimeter;
        final double depotStop;

        private Route(double[] lats, double[] lons, String[] addresses, double depotStop) {
            this.lats = lats;
            this.lons = lons;
            this.addresses = addresses;
            this.depotStop = depotStop;
            int n = lats.length;
            cumulative = new double[n + 1];
            for (int i = 0; i < n; i++) {
                cumulative[i + 1] =
                        cumulative[i]
                                + meters(lats[i], lons[i], lats[(i + 1) % n], lons[(i + 1) % n]);
            }
            perimeter = cumulative[n];
        }

        static Route random(SplittableRandom r) {
            int n = 5 + r.nextInt(4);
            double[] lats = new double[n];
            double[] lons = new double[n];
            String[] addresses = new String[n];
            double radius = 0.03 + r.nextDouble() * 0.08;
            double phase = r.nextDouble() * 2 * Math.PI;
            double cLat = CENTER_LAT + (r.nextDouble() - 0.5) * 0.1;
            double cLon = CENTER_LON + (r.nextDouble() - 0.5) * 0.15;
            for (int i = 0; i < n; i++) {
                double a = phase + 2 * Math.PI * i / n;
                double rr = radius * (0.6 + 0.4 * r.nextDouble());
                lats[i] = cLat + rr * Math.sin(a);
                lons[i] = cLon + rr * Math.cos(a) * 1.4;
                addresses[i] =
                        (1000 + r.nextInt(9000))
                                + ", "
                                + STREETS[r.nextInt(STREETS.length)]
                                + ", "
                                + CITIES[r.nextInt(CITIES.length)]
                                + ", Oregon, United States of America";
            }
            return new Route(lats, lons, addresses, 300 + r.nextInt(900));
        }

        Position at(double distanceMeters) {
            double lap = perimeter + depotStop;
            double d = distanceMeters % lap;
            if (d >= perimeter) {
                return new Position(lats[0], lons[0], "N", addresses[0], true);
            }
            int seg = 0;
            while (cumulative[seg + 1] < d) {
                seg++;
            }
            int n = lats.length;
            double len = cumulative[seg + 1] - cumulative[seg];
            double f = len == 0 ? 0 : (d - cumulative[seg]) / len;
            double lat = lats[seg] + f * (lats[(seg + 1) % n] - lats[seg]);
            double lon = lons[seg] + f * (lons[(seg + 1) % n] - lons[seg]);
            String heading =
                    compass(lats[seg], lons[seg], lats[(seg + 1) % n], lons[(seg + 1) % n]);
            return new Position(lat, lon, heading, addresses[seg], false);
        }

        static String compass(double lat1, double lon1, double lat2, double lon2) {
            double dy = lat2 - lat1;
            double dx = (lon2 - lon1) * Math.cos(Math.toRadians(lat1));
            double bearing = (Math.toDegrees(Math.atan2(dx, dy)) + 360) % 360;
            return COMPASS[(int) Math.round(bearing / 45) % 8];
        }

        static double meters(double lat1, double lon1, double lat2, double lon2) {
            double r = 6_371_000;
            double p1 = Math.toRadians(lat1);
            double p2 = Math.toRadians(lat2);
            double dp = p2 - p1;
            double dl = Math.toRadians(lon2 - lon1);
            double a =
                    Math.sin(dp / 2) * Math.sin(dp / 2)
                            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
            return 2 * r * Math.asin(Math.sqrt(a));
        }
    }
}
