package io.fleetlake.job.model;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Declares {@link Reading} as a POJO whose maps are typed, so Flink never falls back to Kryo for
 * it.
 */
public class ReadingTypeInfoFactory extends TypeInfoFactory<Reading> {
    @Override
    public TypeInformation<Reading> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("deviceId", Types.STRING);
        fields.put("thingName", Types.STRING);
        fields.put("topic", Types.STRING);
        fields.put("eventTime", Types.LONG);
        fields.put("temperature", Types.DOUBLE);
        fields.put("temperatureFahrenheit", Types.DOUBLE);
        fields.put("humidity", Types.DOUBLE);
        fields.put("pressure", Types.DOUBLE);
        fields.put("measures", Types.MAP(Types.STRING, Types.DOUBLE));
        fields.put("attributes", Types.MAP(Types.STRING, Types.STRING));
        fields.put("source", Types.STRING);
        fields.put("origin", Types.STRING);
        return Types.POJO(Reading.class, fields);
    }
}
