package io.fleetlake.job.alerts;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Declares {@link PendingInputs} as a POJO of primitive and string arrays, so its state is copied
 * and written array by array and never with Kryo.
 */
public class PendingInputsTypeInfoFactory extends TypeInfoFactory<PendingInputs> {
    @Override
    public TypeInformation<PendingInputs> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("measureNames", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO);
        fields.put("attributeNames", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO);
        fields.put("head", Types.INT);
        fields.put("size", Types.INT);
        fields.put("times", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        fields.put("flags", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO);
        fields.put("speed", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        fields.put("lat", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        fields.put("lon", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
        fields.put("thingNames", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO);
        fields.put(
                "measures",
                Types.OBJECT_ARRAY(PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        fields.put("attributes", Types.OBJECT_ARRAY(BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
        fields.put("timer", Types.LONG);
        return Types.POJO(PendingInputs.class, fields);
    }
}
