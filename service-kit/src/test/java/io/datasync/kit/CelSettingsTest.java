package io.datasync.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.cel.CelLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/** The CEL limits are declared in three places that must agree: the record, the defaults file and CelLimits. */
class CelSettingsTest {

    private static final String PREFIX = "datasync.service.cel";

    @Test
    void theDefaultsFileListsEverySettingWithTheDefaults() throws IOException {
        Map<String, String> cel = celDefaults();
        assertThat(cel.keySet())
                .containsExactlyInAnyOrder(
                        CelLimits.MAX_STRING_LENGTH,
                        CelLimits.MAX_LIST_SIZE,
                        CelLimits.MAX_TOTAL_STRING_LENGTH,
                        CelLimits.MAX_TOTAL_LIST_SIZE,
                        CelLimits.MAX_ITERATIONS,
                        CelLimits.MAX_REGEX_PROGRAM_SIZE,
                        CelLimits.TIME_LIMIT,
                        CelLimits.TOTAL_TIME_LIMIT);
        assertThat(bind(cel)).isEqualTo(CelLimits.DEFAULTS);
    }

    @Test
    void withoutTheFileTheRecordHasTheSameDefaults() {
        assertThat(bind(Map.of())).isEqualTo(CelLimits.DEFAULTS);
    }

    @Test
    void settingsOverrideTheDefaults() throws IOException {
        Map<String, String> cel = celDefaults();
        cel.put(CelLimits.TIME_LIMIT, "250ms");
        cel.put(CelLimits.MAX_LIST_SIZE, "5000");
        CelLimits limits = bind(cel);
        assertThat(limits.timeLimit()).isEqualTo(Duration.ofMillis(250));
        assertThat(limits.maxListSize()).isEqualTo(5000);
        assertThat(limits.maxStringLength()).isEqualTo(CelLimits.DEFAULTS.maxStringLength());
    }

    private static Map<String, String> celDefaults() throws IOException {
        Properties defaults =
                PropertiesLoaderUtils.loadProperties(new ClassPathResource("datasync-kit-defaults.properties"));
        Map<String, String> cel = new TreeMap<>();
        defaults.stringPropertyNames().stream()
                .filter(key -> key.startsWith(PREFIX + "."))
                .forEach(key -> cel.put(key, defaults.getProperty(key)));
        return cel;
    }

    private static CelLimits bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(PREFIX, Bindable.of(KitProperties.Cel.class))
                .limits();
    }
}
