package io.fleetlake.tools.config;

import io.fleetlake.job.config.ConfigGroup;
import io.fleetlake.job.config.FleetlakeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.Description;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * Prints the configuration reference (every group and key, default, meaning) as a Markdown table.
 * docs/configuration.md holds this output; {@code ConfigReferenceTest} fails when the two differ.
 */
public final class ConfigReference {
    private ConfigReference() {}

    /** The Markdown table. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| group | key | default | meaning |\n");
        sb.append("|---|---|---|---|\n");
        for (ConfigGroup g : FleetlakeOptions.groups()) {
            for (ConfigOption<?> o : g.options()) {
                String def = o.hasDefaultValue() ? String.valueOf(o.defaultValue()) : "";
                if (o.hasDefaultValue() && o.defaultValue() instanceof java.util.List) {
                    def =
                            String.join(
                                    ";",
                                    ((java.util.List<?>) o.defaultValue())
                                            .stream().map(String::valueOf).toArray(String[]::new));
                }
                if (o.hasDefaultValue() && o.defaultValue() instanceof java.time.Duration) {
                    def = ((java.time.Duration) o.defaultValue()).getSeconds() + " s";
                }
                String required = g.requiredKeys().contains(o.key()) ? "**required** " : "";
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "| `%s` | `%s` | %s | %s%s |%n",
                                g.id(),
                                o.key(),
                                def.isEmpty() ? "" : "`" + def + "`",
                                required,
                                (text(o.description()) + deprecated(o)).replace("|", "\\|")));
            }
        }
        return sb.toString();
    }

    /** The keys an option had before, which still parse. */
    private static String deprecated(ConfigOption<?> o) {
        List<String> keys = new ArrayList<>();
        for (FallbackKey f : o.fallbackKeys()) {
            if (f.isDeprecated()) {
                keys.add("`" + f.getKey() + "`");
            }
        }
        return keys.isEmpty() ? "" : " Deprecated key: " + String.join(", ", keys) + ".";
    }

    private static String text(Description d) {
        return new HtmlFormatter()
                .format(d)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
