package io.fleetlake.job.decode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT topic templates that name topic levels, e.g. {@code $aws/things/{thing_name}/#} or {@code
 * dt/{site}/{device_id}/{type}}. The first template that matches a topic gives its variables; this
 * is how an IoT rule's {@code topic(3)} becomes {@code thing_name}.
 *
 * <p>Syntax per level: a literal, {@code {name}} (captures one level), {@code +} (any one level),
 * or a final {@code #} (any remaining levels, including none).
 */
public final class TopicTemplates implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The defaults: AWS IoT shadow topics and the {@code dt/} telemetry conventions of the seeds.
     */
    public static final List<String> DEFAULTS =
            List.of(
                    "$aws/things/{thing_name}/#",
                    "dt/{site}/{device_id}/{type}",
                    "dt/{device_id}/{type}");

    /**
     * Topics seen recently and their variables: a fleet publishes on the same few thousand topics
     * all day.
     */
    private static final int CACHE_SIZE = 10_000;

    private final List<String> templates;
    private final List<String[]> parsed = new ArrayList<>();
    private transient Map<String, Map<String, String>> cache;

    public TopicTemplates(List<String> templates) {
        this.templates = Collections.unmodifiableList(new ArrayList<>(templates));
        for (String t : templates) {
            String[] levels = t.trim().split("/", -1);
            for (int i = 0; i < levels.length; i++) {
                String l = levels[i];
                if (l.equals("#") && i != levels.length - 1) {
                    throw new IllegalArgumentException(
                            "topic template '" + t + "': '#' must be the last level");
                }
                if (l.startsWith("{") != l.endsWith("}") || (l.startsWith("{") && l.length() < 3)) {
                    throw new IllegalArgumentException(
                            "topic template '" + t + "': bad variable level '" + l + "'");
                }
            }
            parsed.add(levels);
        }
    }

    public List<String> templates() {
        return templates;
    }

    /**
     * The variables of the first template matching the topic; empty when none matches or topic is
     * null. The returned map is shared and read-only.
     */
    public Map<String, String> match(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Collections.emptyMap();
        }
        if (cache == null) {
            cache =
                    new java.util.LinkedHashMap<>(256, 0.75f, true) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(
                                Map.Entry<String, Map<String, String>> eldest) {
                            return size() > CACHE_SIZE;
                        }
                    };
        }
        Map<String, String> cached = cache.get(topic);
        if (cached == null) {
            cached = Collections.unmodifiableMap(matchUncached(topic));
            cache.put(topic, cached);
        }
        return cached;
    }

    private Map<String, String> matchUncached(String topic) {
        String[] levels = topic.split("/", -1);
        for (String[] template : parsed) {
            Map<String, String> vars = matchOne(template, levels);
            if (vars != null) {
                return vars;
            }
        }
        return Collections.emptyMap();
    }

    private static Map<String, String> matchOne(String[] template, String[] levels) {
        Map<String, String> vars = new HashMap<>(4);
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.equals("#")) {
                return vars;
            }
            if (i >= levels.length) {
                return null;
            }
            String level = levels[i];
            if (t.startsWith("{")) {
                if (level.isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1), level);
            } else if (!t.equals("+") && !t.equals(level)) {
                return null;
            }
        }
        return template.length == levels.length ? vars : null;
    }
}
