package io.fleetlake.job.decode;

import io.fleetlake.job.model.Reading;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Adds {@code temperature_fahrenheit = temperature * 9 / 5 + 32} to every reading with a Celsius
 * temperature: the IoT Analytics pipeline's "math" activity of the seeds, in double arithmetic (45
 * °C is 113.0 °F).
 */
public class FahrenheitConversion implements MapFunction<Reading, Reading> {
    private static final long serialVersionUID = 1L;

    @Override
    public Reading map(Reading reading) {
        if (reading.temperature != null) {
            reading.temperatureFahrenheit = toFahrenheit(reading.temperature);
        }
        return reading;
    }

    /** Celsius to Fahrenheit. */
    public static double toFahrenheit(double celsius) {
        return celsius * 9.0 / 5.0 + 32.0;
    }
}
