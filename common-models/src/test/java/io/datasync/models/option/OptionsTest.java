package io.datasync.models.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Option<Integer> SIZE =
            Option.integer("fetchSize", "rows per round trip").withDefault(100).between(1, 1000);
    private static final Option<Duration> TIMEOUT =
            Option.duration("timeout", "how long").withDefault(Duration.ofSeconds(10));
    private static final Option<String> FORMAT = Option.choice("format", "csv or jsonl", "csv", "jsonl");
    private static final Option<String> PATH = Option.text("path", "a file").mandatory();
    private static final Option<String> TOKEN = Option.secret("token", "a token");
    private static final Option<Map<String, Object>> NESTED = Option.object(
            "auth", Options.of(Option.text("user", "who"), Option.secret("password", "secret")), "authentication");

    private static final Options OPTIONS = Options.of(
            List.of(SIZE, TIMEOUT, FORMAT, PATH, TOKEN, NESTED), Rule.requiredWhen("token", "format", "jsonl"));

    private static List<FieldError> problems(Map<String, Object> input) {
        List<FieldError> errors = new ArrayList<>();
        OPTIONS.validate(input, "/source/options", errors);
        return errors;
    }

    @Test
    void readsValuesAsTheirKindsAndFillsInDefaults() {
        Options.Values values = OPTIONS.parse(Map.of("path", "a.csv", "format", "JSONL", "token", "t"), "/o");

        assertThat(values.get(SIZE)).isEqualTo(100);
        assertThat(values.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(10));
        assertThat(values.get(FORMAT))
                .as("a choice is read in its declared spelling")
                .isEqualTo("jsonl");
        assertThat(values.object(NESTED).map()).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPointer() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("fetchSize", 0);
        input.put("timeout", "soon");
        input.put("format", "xml");
        input.put("fetchsize", 5);

        assertThat(problems(input))
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder(
                        "/source/options/fetchsize",
                        "/source/options/fetchSize",
                        "/source/options/timeout",
                        "/source/options/format",
                        "/source/options/path");
    }

    @Test
    void namesTheOptionATypoWasMeantToBe() {
        assertThat(problems(Map.of("path", "a", "fetchsize", 5)))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("did you mean 'fetchSize'?"));
    }

    @Test
    void checksRulesOnlyOnValuesThatPassedTheirOwnChecks() {
        assertThat(problems(Map.of("path", "a", "format", "jsonl")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.pointer()).isEqualTo("/source/options/token");
                    assertThat(e.message()).isEqualTo("is required when format is jsonl");
                });
        List<FieldError> errors = new ArrayList<>();
        Options.of(List.of(PATH, TOKEN), Rule.exclusive("path", "token"))
                .validate(Map.of("path", "a", "token", "t"), "", errors);
        assertThat(errors).extracting(FieldError::message).containsExactly("give either path or token, not both");
    }

    @Test
    void refusesWrongTypesNamingWhatWasExpected() {
        assertThat(problems(Map.of("path", List.of("a"), "fetchSize", 1.5, "auth", "x")))
                .extracting(FieldError::message)
                .containsExactlyInAnyOrder(
                        "expected text, not a list", "expected a whole number, not 1.5", "expected an object, not 'x'");
    }

    @Test
    void mapsSecretsAtEveryDepth() {
        Map<String, Object> values = OPTIONS.parse(
                        Map.of("path", "p", "token", "t0k", "auth", Map.of("user", "u", "password", "pw")), "")
                .map();

        Map<String, Object> masked = OPTIONS.mapSecrets(values, (pointer, secret) -> pointer + "=" + Options.MASK);

        assertThat(masked.get("token")).isEqualTo("/token=******");
        assertThat(masked.get("auth")).isEqualTo(Map.of("user", "u", "password", "/auth/password=******"));
        assertThat(OPTIONS.secretPointers()).containsExactly("/token", "/auth/password");
    }

    @Test
    void listsExpressionsInsideListsMapsAndObjects() {
        Option<Map<String, Object>> derive =
                Option.map("derive", Option.expression("expression", "CEL"), "computed columns");

        assertThat(derive.expressions(Map.of("a/b", "x + 1"), "/transforms/0/derive"))
                .containsExactly(Map.entry("/transforms/0/derive/a~1b", "x + 1"));
    }

    @Test
    void aParseFailureCarriesEveryError() {
        assertThatThrownBy(() -> OPTIONS.parse(Map.of(), "/o"))
                .isInstanceOf(Options.InvalidOptionsException.class)
                .satisfies(e -> assertThat(((Options.InvalidOptionsException) e).errors())
                        .extracting(FieldError::pointer)
                        .containsExactly("/o/path"));
    }

    @Test
    void declarationsAreCheckedWhenMade() {
        assertThatThrownBy(() -> Option.text("Bad Name", "doc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Option.text("x", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Option.secret("x", "doc").withDefault("s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Options.of(PATH, PATH)).isInstanceOf(IllegalArgumentException.class);
    }
}
