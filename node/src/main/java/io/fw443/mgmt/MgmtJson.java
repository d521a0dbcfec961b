package io.fw443.mgmt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Locale;

/**
 * The one Jackson configuration both ends use: enums as lower-case strings ({@code "master"}), read back without
 * regard to case; nulls left out unless a field says otherwise; unknown fields ignored so an older CLI can read a
 * newer node's answers.
 */
public final class MgmtJson {
    private MgmtJson() {
    }

    public static ObjectMapper mapper() {
        SimpleModule lowerCaseEnums = new SimpleModule("fw443-lower-case-enums");
        lowerCaseEnums.addSerializer(Enum.class, new LowerCaseEnumSerializer());
        return JsonMapper.builder()
                .addModule(lowerCaseEnums)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                        JsonInclude.Include.NON_NULL))
                .build();
    }

    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnumSerializer extends StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnumSerializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
