package io.fleetlake.job.alerts;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Declares {@link AlertInput} as a POJO with typed maps, so its state and edges never use Kryo. */
public class AlertInputTypeInfoFactory extends TypeInfoFactory<AlertInput> {
    @Override
    public TypeInformation<AlertInput> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("deviceId", Types.STRING);
        fields.put("thingName", Types.STRING);
        fields.put("eventTime", Types.LONG);
        fields.put("lat", Types.DOUBLE);
        fields.put("lon", Types.DOUBLE);
        fields.put("speed", Types.DOUBLE);
        fields.put("measures", Types.MAP(Types.STRING, Types.DOUBLE));
        fields.put("attributes", Types.MAP(Types.STRING, Types.STRING));
        return Types.POJO(AlertInput.class, fields);
    }
}
